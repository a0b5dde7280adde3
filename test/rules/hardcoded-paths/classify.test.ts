import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyPath,
  HOLE,
  PATH_KINDS,
  pathKind,
  type PathKind,
} from '../../../src/rules/support/paths/classify.js';

// [text, kind in default mode (undefined = not reported), kind in strict mode]
type Row = [string, PathKind | undefined, PathKind | undefined];

const POSITIVES: Row[] = [
  ['/home/alice/data.csv', 'home', 'home'],
  ['/home/raushan', 'home', 'home'],
  ['/home/ubuntu/work/', 'home', 'home'],
  [`/home/${HOLE}/data`, 'home', 'home'],
  ['/home/{}/data', 'home', 'home'],
  ['/home/%s/data', 'home', 'home'],
  ['/Users/alice/Desktop/train.parquet', 'home', 'home'],
  ['/Users/john.doe@acme.com/tmp/mlflow_cicd/Job', 'databricks-user', 'databricks-user'],
  ['C:\\Users\\alice\\data.csv', 'windows-home', 'windows-home'],
  ['c:/users/alice/data.csv', 'windows-home', 'windows-home'],
  ['C:\\Documents and Settings\\bob\\x', 'windows-home', 'windows-home'],
  ['D:/data/train.csv', 'windows-drive', 'windows-drive'],
  ['E:\\\\datasets\\\\imagenet', 'windows-drive', 'windows-drive'],
  ['Z:\\shared', 'windows-drive', 'windows-drive'],
  ['\\\\?\\C:\\very\\long\\path', 'windows-drive', 'windows-drive'],
  ['\\\\fileserver\\team\\data.csv', 'unc', 'unc'],
  ['~/data/train.csv', 'tilde', 'tilde'],
  ['~alice/data', 'tilde', 'tilde'],
  ['~\\Documents\\data.xlsx', 'tilde', 'tilde'],
  ['~/.kaggle/kaggle.json', undefined, 'tilde-tool'],
  ['/content/drive/MyDrive/data', 'colab-drive', 'colab-drive'],
  ['/content/drive', 'colab-drive', 'colab-drive'],
  ['/content/gdrive/My Drive/x.csv', 'colab-drive', 'colab-drive'],
  ['/content/drive/MyDrive/Tutorial notebooks/CORD/train.pkl', 'colab-drive', 'colab-drive'],
  ['/content/data/training_data', undefined, 'colab-runtime'],
  ['/content/', undefined, 'colab-runtime'],
  ['/dbfs/tmp/mlflow/wine-quality.csv', 'dbfs', 'dbfs'],
  [`/dbfs/tmp/${HOLE}/mlflow_demo`, 'dbfs', 'dbfs'],
  ['dbfs:/databricks-datasets/wine-quality/winequality-white.csv', 'dbfs', 'dbfs'],
  ['dbfs:/tmp/mlflow_cicd', 'dbfs', 'dbfs'],
  ['DBFS:/FileStore/x', 'dbfs', 'dbfs'],
  ['/Workspace/Users/andre@databricks.com/work', 'databricks-workspace', 'databricks-workspace'],
  ['/Volumes/main/default/raw/file.csv', 'volume', 'volume'],
  ['/mnt/data/train.csv', 'mount', 'mount'],
  ['/media/alice/USB/data', 'mount', 'mount'],
  ['/efs/shared/models', 'shared-storage', 'shared-storage'],
  ['/gpfs/projects/x', 'shared-storage', 'shared-storage'],
  ['/scratch/alice/run1', 'shared-storage', 'shared-storage'],
  ['/root/.local', undefined, 'root-home'],
  ['/kaggle/input/titanic/train.csv', undefined, 'kaggle'],
  ['/raid/.cache/huggingface/video_llava_demo', undefined, 'absolute'],
  ['/FileStore/batch-inference/pipeline', undefined, 'absolute'],
  ['/databricks-datasets/wine-quality/winequality-white.csv', undefined, 'absolute'],
  ['/databricks/driver/aml_config/', undefined, 'absolute'],
  ['/gcs/my_bucket/my_hp_search', undefined, 'absolute'],
  ['file:///home/alice/data.csv', 'home', 'home'],
  ['file:/Users/bob/x', 'home', 'home'],
  ['sqlite:////home/alice/mlflow.db', 'home', 'home'],
  ['  /home/alice/data.csv  ', 'home', 'home'],
];

const LOOK_ALIKES: Row[] = [
  ['/', undefined, undefined],
  ['//', undefined, undefined],
  ['/home', undefined, undefined],
  ['/home/', undefined, undefined],
  ['/Users', undefined, undefined],
  ['/tmp/model.json', undefined, undefined],
  ['/var/tmp/x', undefined, undefined],
  ['/dev/null', undefined, undefined],
  ['/proc/cpuinfo', undefined, undefined],
  ['/sys/class/net', undefined, undefined],
  ['/etc/apt/sources.list.d/x.list', undefined, undefined],
  ['/usr/local/bin/python', undefined, undefined],
  ['/bin/bash', undefined, undefined],
  ['/opt/conda/bin/python', undefined, undefined],
  ['/opt/ml/model', undefined, undefined],
  ['/cpu:0', undefined, undefined],
  ['/gpu:1', undefined, undefined],
  ['/job:worker/replica:0/task:0/device:GPU:0', undefined, undefined],
  ['https://example.com/home/alice', undefined, undefined],
  ['http://localhost:5000/invocations', undefined, undefined],
  ['s3://bucket/home/alice/data.csv', undefined, undefined],
  ['gs://bucket/Users/x', undefined, undefined],
  ['abfss://c@acct.dfs.core.windows.net/x', undefined, undefined],
  ['wasbs://demo@acct.blob.core.windows.net/Titanic.csv', undefined, undefined],
  ['hdfs:///user/alice/x', undefined, undefined],
  ['runs:/abc123/model', undefined, undefined],
  ['models:/churn/Production', undefined, undefined],
  ['sqlite:///mlflow.db', undefined, undefined],
  ['mongodb://localhost:27017/', undefined, undefined],
  ['data/raw/train.csv', undefined, undefined],
  ['./data/train.csv', undefined, undefined],
  ['../../data/train/wine.csv', undefined, undefined],
  ['notebook\\data\\stud.csv', undefined, undefined],
  ['$HOME/data', undefined, undefined],
  ['${DATA_DIR}/train.csv', undefined, undefined],
  ['%USERPROFILE%\\data', undefined, undefined],
  [`${HOLE}/data.csv`, undefined, undefined],
  ['{}/data.csv', undefined, undefined],
  ['%s/data.csv', undefined, undefined],
  ['text/plain', undefined, undefined],
  ['application/json', undefined, undefined],
  ['12/31/2023', undefined, undefined],
  ['a/b', undefined, undefined],
  ['/predict', undefined, undefined],
  ['/api/model/predict', undefined, undefined],
  ['/v1/models/x', undefined, undefined],
  ['/images/', undefined, undefined],
  ['/model.pkl', undefined, undefined],
  ['/>', undefined, undefined],
  ['/*/*/data.parquet', undefined, undefined],
  ['/{partition_time:yyyy/MM}/data.parquet', undefined, undefined],
  ['^/home/\\w+/', undefined, undefined],
  ['/home/(\\w+)/data', undefined, undefined],
  ['/home/<user>/data', undefined, undefined],
  ['/home/alice/a\n/home/bob/b', undefined, undefined],
  ['~', undefined, undefined],
  ['~ /x', undefined, undefined],
  ['C:', undefined, undefined],
  ['C:\\', undefined, undefined],
  ['\\\\.\\pipe\\name', undefined, undefined],
  ['\\n\\t', undefined, undefined],
  ['python:3.9-slim', undefined, undefined],
  ['//cdn.example.com/lib.js', undefined, undefined],
  ['/some path with spaces/x', undefined, undefined],
];

describe('classifyPath', () => {
  it.each(POSITIVES)('%j is %s (strict: %s)', (text, normal, strict) => {
    expect(classifyPath(text, { strict: false })?.kind).toBe(normal);
    expect(classifyPath(text, { strict: true })?.kind).toBe(strict);
  });

  it.each(LOOK_ALIKES)('%j is not a machine path', (text, normal, strict) => {
    expect(classifyPath(text, { strict: false })?.kind).toBe(normal);
    expect(classifyPath(text, { strict: true })?.kind).toBe(strict);
  });

  it('names the kind and gives a kind-specific hint', () => {
    const home = classifyPath('/home/alice/x', { strict: false });
    const colab = classifyPath('/content/drive/MyDrive/x', { strict: false });
    const dbfs = classifyPath('/dbfs/x/y', { strict: false });
    expect(home?.label).toBe('personal home directory path');
    expect(colab?.label).toBe('Colab Google Drive mount');
    expect(dbfs?.label).toBe('Databricks DBFS path');
    expect(new Set([home?.hint, colab?.hint, dbfs?.hint]).size).toBe(3);
    expect(colab?.hint).toMatch(/Colab/);
    expect(dbfs?.hint).toMatch(/Databricks/);
  });

  it('gives every kind a label and a hint', () => {
    for (const info of Object.values(PATH_KINDS)) {
      expect(info.label.length).toBeGreaterThan(5);
      expect(info.hint).toMatch(/\.$/);
    }
  });

  it('reports strict-only kinds only in strict mode, for any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const kind = pathKind(text);
        const normal = classifyPath(text, { strict: false });
        const strict = classifyPath(text, { strict: true });
        expect(strict?.kind).toBe(kind);
        expect(normal?.kind).toBe(kind && PATH_KINDS[kind].strictOnly ? undefined : kind);
      }),
    );
  });

  it('classifies any /home/<name>/... path, whatever the name', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9._-]{0,15}$/),
        fc.stringMatching(/^[A-Za-z0-9_.-]{0,20}$/),
        (user, rest) => {
          expect(pathKind(`/home/${user}/${rest}`)).toBe('home');
        },
      ),
    );
  });

  it('does not classify oversized input', () => {
    expect(pathKind('/home/alice/' + 'a/'.repeat(100_000))).toBeUndefined();
    expect(pathKind('\\\\' + 'a\\'.repeat(50_000))).toBeUndefined();
  });
});
