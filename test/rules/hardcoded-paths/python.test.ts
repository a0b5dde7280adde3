import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/hardcoded-paths.js';
import { fakeContext } from './fake-context.js';

/** Run the rule on one Python file; lines ending in `#!` must be reported, no others. */
async function check(
  source: string,
  opts: { strict?: boolean; options?: Record<string, unknown> } = {},
) {
  const run = fakeContext({ 'src/job.py': source }, opts);
  await rule.check(run.ctx as never);
  const wanted = source.split('\n').flatMap((line, i) => (/#!\s*$/.test(line) ? [i + 1] : []));
  const got = run.reports.map((r) => r.line).sort((a, b) => a - b);
  return { wanted, got, reports: run.reports, parsed: run.parsed };
}

async function expectMarked(
  source: string,
  opts: { strict?: boolean; options?: Record<string, unknown> } = {},
) {
  const { wanted, got } = await check(source, opts);
  expect(got).toEqual(wanted);
}

describe('hardcoded-paths on Python literals', () => {
  it('reports plain, raw, bytes and f-string literals', async () => {
    await expectMarked(
      [
        "a = '/home/alice/data.csv' #!",
        'b = r"C:\\Users\\alice\\data.csv" #!',
        'c = "C:\\\\Users\\\\alice\\\\data.csv" #!',
        "d = b'/mnt/raw/blob.bin' #!",
        'e = f"/home/alice/{name}.csv" #!',
        'g = F"{root}/home/alice/x.csv"',
        'h = rf"D:\\data\\{split}" #!',
        "i = '\\\\\\\\fileserver\\\\team\\\\x.csv' #!",
        "j = '~/data/train.csv' #!",
        "k = 'dbfs:/databricks-datasets/wine.csv' #!",
        "l = u'/Workspace/Users/me@x.com/nb' #!",
        'm = "D:\\data\\new.csv" #!',
      ].join('\n'),
    );
  });

  it('reports an implicit concatenation once, at its first part', async () => {
    const { reports } = await check(
      ['x = ("/home/alice/"', '     "projects/data.csv")'].join('\n'),
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ line: 1, column: 6 });
    expect(reports[0].message).toBe(
      "Hardcoded personal home directory path '/home/alice/projects/data.csv'",
    );
  });

  it('judges os.path.join, Path(...) / ... and + chains as the joined path', async () => {
    await expectMarked(
      [
        'import os, pathlib',
        'from pathlib import Path',
        'a = os.path.join("/home", "alice", "data.csv") #!',
        'b = Path("/content") / "drive" / "MyDrive" / name #!',
        'c = pathlib.Path("/home").joinpath("bob", "x") #!',
        'd = "/home/" + user + "/data.csv" #!',
        'e = os.path.join(base, "/images/x.png")',
        'f = base_path + "/images/" + item',
        'g = Path(root) / "data" / "x.csv"',
        'h = os.path.join("/home", name) #!',
        'i = "Saved to " + "/home/alice"',
      ].join('\n'),
    );
  });

  it('names the joined path in the message', async () => {
    const { reports } = await check('p = os.path.join("/home", "alice", name)');
    expect(reports[0].message).toBe("Hardcoded personal home directory path '/home/alice/{…}'");
  });

  it('leaves docstrings, bare strings and comments alone', async () => {
    await expectMarked(
      [
        '"""Data lives in /home/alice/data."""',
        'def f():',
        '    """Reads /dbfs/tmp/x."""',
        "    '/content/drive/MyDrive/x'",
        '# df = pd.read_csv("/home/alice/data.csv")',
        '    return "/home/alice/data.csv" #!',
      ].join('\n'),
    );
  });

  it('leaves messages, help text, routes, regexes and string-method arguments alone', async () => {
    await expectMarked(
      [
        'print("/home/alice/data.csv")',
        'logger.info("/home/alice/x")',
        'logging.warning("/mnt/x/y")',
        'raise FileNotFoundError("/home/alice/x")',
        'parser.add_argument("--profile", help="Profile in ~/.databrickscfg", default=None)',
        'parser.add_argument("--data", default="/home/alice/data") #!',
        '@app.route("/home/index")',
        'def index(): pass',
        '@router.get("/Users/me")',
        'def users(): pass',
        'requests.get("/home/api/x")',
        're.compile("/home/alice/.*")',
        'x = path.replace("/dbfs", "dbfs:")',
        'y = p.startswith("/dbfs")',
        'if p == "/content/drive": pass',
        'drive.mount("/content/drive")',
        'sys.stdout.write("/home/alice/x")',
        'archive.write("/home/alice/data.csv") #!',
        'p = "/home/{}/data".format(user) #!',
        'warnings.warn("/home/alice/x")',
        'tf.device("/cpu:0")',
        'd = {"/home/alice": 1}',
        'e = {"data": "/home/alice/x"} #!',
        'IN_COLAB = os.path.exists("/content/drive")',
        'ON_DATABRICKS = os.path.isdir("/dbfs/")',
        'if os.path.exists("/home/alice/cache.pkl"): pass #!',
      ].join('\n'),
    );
  });

  it('reads command strings word by word', async () => {
    const { reports } = await check(
      [
        'os.system("cp /home/alice/data.csv data/")',
        'subprocess.run(["cp", "/mnt/share/x", "."])',
        'os.system("ls -la")',
      ].join('\n'),
    );
    expect(reports.map((r) => [r.line, r.message])).toEqual([
      [1, "Hardcoded personal home directory path '/home/alice/data.csv' in a shell command"],
      [2, "Hardcoded mount-point path '/mnt/share/x' in a shell command"],
    ]);
  });

  it('reports environment fallbacks only in strict mode', async () => {
    const source = [
      'a = os.getenv("DATA", "/home/alice/data")',
      'b = os.environ.get("DATA", "/mnt/data")',
      'c = os.getenv("DATA") or "/home/alice/data"',
      'd = os.path.join(os.environ["HOME"], "data")',
    ].join('\n');
    expect((await check(source)).got).toEqual([]);
    const strict = await check(source, { strict: true });
    expect(strict.got).toEqual([1, 2, 3]);
    expect(strict.reports[0].message).toMatch(/fallback of an environment lookup$/);
  });

  it('reports Colab runtime and other absolute data paths only in strict mode', async () => {
    const source = [
      'a = "/content/data/train.csv"',
      'b = "/raid/.cache/huggingface/x"',
      'artifact_path = "/outputs/featurization/pipeline/"',
      'c = "/tmp/scratch/x"',
      'd = "/api/model/predict"',
    ].join('\n');
    expect((await check(source)).got).toEqual([]);
    expect((await check(source, { strict: true })).got).toEqual([1, 2]);
  });

  it('places the finding on the literal and gives a kind-specific fix', async () => {
    const { reports } = await check("df = pd.read_csv('/dbfs/tmp/wine.csv')");
    expect(reports).toEqual([
      {
        file: 'src/job.py',
        line: 1,
        column: 18,
        endLine: 1,
        endColumn: 38,
        message: "Hardcoded Databricks DBFS path '/dbfs/tmp/wine.csv'",
        fix: expect.stringMatching(/Databricks/),
      },
    ]);
  });

  it('applies allow and deny patterns', async () => {
    const source = [
      'a = "/home/ci/cache/x"',
      'b = "/data/shared/train.csv"',
      'c = "/home/alice/x"',
    ].join('\n');
    const { got, reports } = await check(source, {
      options: { allow: ['^/home/ci/'], deny: ['^/data/'] },
    });
    expect(got).toEqual([2, 3]);
    expect(reports[0].message).toBe(
      "Hardcoded path matching a configured deny pattern '/data/shared/train.csv'",
    );
  });

  it('fails with a clear message on an invalid pattern', async () => {
    await expect(check('x = 1', { options: { deny: ['(unclosed'] } })).rejects.toThrow(
      /hardcoded-paths: deny\[0\] is not a valid RE2 regular expression "\(unclosed"/,
    );
  });

  it('does not parse a file without any candidate path', async () => {
    const { parsed, got } = await check('import os\nx = os.path.join(root, "data", "x.csv")\n');
    expect(got).toEqual([]);
    expect(parsed.size).toBe(0);
  });

  it('survives syntax errors and odd text', async () => {
    await expectMarked(
      ['def broken(:', '  x = "/home/alice/x" #!', '  y = "unterminated'].join('\n'),
    );
    await expectMarked('\u0000\u0001\nx = "/home/\u00e9l\u00e8ve/données.csv" #!');
  });
});
