import { describe, expect, it } from 'vitest';
import { trainingChainsFrom } from '../../src/analysis/chains.js';
import { importGraphFor } from '../../src/analysis/graph.js';
import { createModuleIndex } from '../../src/analysis/modules.js';
import { scriptOf, trainingPathsFrom } from '../../src/analysis/reach.js';
import {
  DEFAULT_PREDICT_PATTERNS,
  DEFAULT_TEST_PATTERNS,
  DEFAULT_TRAIN_PATTERNS,
  rolesFor,
} from '../../src/analysis/roles.js';
import { DEFAULT_TRAINING_METHODS } from '../../src/analysis/training-api.js';
import { fakeContext } from './fake-context.js';

const methods = new Set(DEFAULT_TRAINING_METHODS);

async function paths(files: Record<string, string>, from: string, entries?: string[]) {
  const found = await trainingPathsFrom(fakeContext(files), from, {
    trainingMethods: methods,
    entries,
  });
  return found.map((p) => ({
    line: p.start.location.line,
    steps: p.steps.map((s) => `${s.file}:${s.location.line} ${s.text}`),
  }));
}

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('trainingPathsFrom', () => {
  it('follows only the functions actually called (import granularity)', async () => {
    const files = {
      'serve.py': lines(
        'from utils import load_object',
        'def predict(x):',
        '    return load_object("m").predict(x)',
      ),
      'utils.py': lines(
        'from sklearn.model_selection import GridSearchCV',
        'def load_object(p):',
        '    return pickle.load(open(p, "rb"))',
        'def evaluate_models(m, X, y):',
        '    GridSearchCV(m, {}).fit(X, y)',
      ),
    };
    expect(await paths(files, 'serve.py')).toEqual([]);
    files['serve.py'] +=
      '\ndef tune(m, X, y):\n    from utils import evaluate_models\n    return evaluate_models(m, X, y)\n';
    expect(await paths(files, 'serve.py')).toEqual([
      {
        line: 7,
        steps: ['serve.py:7 evaluate_models(m, X, y)', 'utils.py:5 GridSearchCV(m, {}).fit(X, y)'],
      },
    ]);
  });

  it('goes through module attributes, re-exports in __init__, classes and self calls', async () => {
    const files = {
      'app.py': lines(
        'import pkg',
        'def handler(x):',
        '    job = pkg.Job()',
        '    return job.go(x)',
      ),
      'pkg/__init__.py': lines('from .jobs import Job'),
      'pkg/jobs.py': lines(
        'class Job:',
        '    def go(self, x):',
        '        return self._refit(x)',
        '    def _refit(self, x):',
        '        self.model.partial_fit(x)',
      ),
    };
    // `job.go(x)` is where the method is called on the instance `pkg.Job()` made.
    expect(await paths(files, 'app.py')).toEqual([
      {
        line: 4,
        steps: [
          'app.py:4 job.go(x)',
          'pkg/jobs.py:3 self._refit(x)',
          'pkg/jobs.py:5 self.model.partial_fit(x)',
        ],
      },
    ]);
  });

  it('dispatches methods of instantiated repo classes, through repo base classes', async () => {
    const files = {
      'serve.py': lines(
        'from models import Child',
        'm = Child()',
        'def predict(x):',
        '    return m.refresh(x)',
      ),
      'models.py': lines(
        'class Base:',
        '    def refresh(self, x):',
        '        return self.est.fit(x)',
        'class Child(Base):',
        '    pass',
      ),
    };
    const found = await paths(files, 'serve.py');
    expect(found.map((p) => p.steps.at(-1))).toEqual(['models.py:3 self.est.fit(x)']);
  });

  it('counts functions handed to threads or background tasks, and code run on import', async () => {
    const files = {
      'api.py': lines(
        'import threading',
        'import jobs',
        'def start():',
        '    threading.Thread(target=jobs.retrain).start()',
      ),
      'jobs.py': lines('import warmup', 'def retrain():', '    MODEL.fit(X, y)'),
      'warmup.py': lines('clf = make()', 'clf.fit(X, y)'),
    };
    const found = await paths(files, 'api.py');
    expect(found).toEqual([
      {
        line: 2,
        steps: ['api.py:2 import jobs', 'jobs.py:1 import warmup', 'warmup.py:2 clf.fit(X, y)'],
      },
      { line: 4, steps: ['api.py:4 jobs.retrain', 'jobs.py:3 MODEL.fit(X, y)'] },
    ]);
  });

  it('runs a repo function queued as a task (`train_task.delay()`)', async () => {
    const files = {
      'api.py': lines(
        'from tasks import train_task',
        'def retrain():',
        '    train_task.delay("data.csv")',
      ),
      'tasks.py': lines('@celery.task', 'def train_task(path):', '    est.fit(load(path))'),
    };
    expect(await paths(files, 'api.py')).toEqual([
      {
        line: 3,
        steps: ['api.py:3 train_task.delay("data.csv")', 'tasks.py:3 est.fit(load(path))'],
      },
    ]);
  });

  it('ignores the main block of imported modules and type-only imports', async () => {
    const files = {
      'serve.py': lines(
        'from typing import TYPE_CHECKING',
        'import train',
        'if TYPE_CHECKING:',
        '    import tune',
        'def p():',
        '    return train.FEATURES',
      ),
      'train.py': lines('FEATURES = ["a"]', 'if __name__ == "__main__":', '    model.fit(X, y)'),
      'tune.py': lines('study.optimize(objective)', 'model.fit(X, y)'),
    };
    expect(await paths(files, 'serve.py')).toEqual([]);
  });

  it('starts only from the serving entries of a partly serving module', async () => {
    const files = {
      'wrap.py': lines(
        'import mlflow',
        'class M(mlflow.pyfunc.PythonModel):',
        '    def predict(self, c, x):',
        '        return self.m.predict(x)',
        'def package(X, y):',
        '    est.fit(X, y)',
        'if __name__ == "__main__":',
        '    package(X, y)',
      ),
    };
    expect(await paths(files, 'wrap.py', ['M'])).toEqual([]);
    expect((await paths(files, 'wrap.py')).map((p) => p.line)).toEqual([6]);
  });

  it('sees sklearn helpers that fit internally through their import', async () => {
    const files = {
      'score.py': lines(
        'from sklearn.model_selection import cross_val_score as cvs',
        'def run(x):',
        '    return cvs(est, x, y)',
      ),
    };
    expect((await paths(files, 'score.py')).map((p) => p.line)).toEqual([3]);
  });
});

describe('scriptOf', () => {
  const index = createModuleIndex([
    'main.py',
    'jobs/train.py',
    'src/pkg/__init__.py',
    'src/pkg/fit.py',
    'tools/x.py',
  ]);

  it('finds the repo script or module a shell command runs', () => {
    expect(scriptOf(index, 'python main.py', 'app.py')).toBe('main.py');
    expect(scriptOf(index, '/usr/bin/python3.11 -u jobs/train.py --epochs 3', 'app.py')).toBe(
      'jobs/train.py',
    );
    expect(scriptOf(index, 'python -m pkg.fit', 'app.py')).toBe('src/pkg/fit.py');
    expect(scriptOf(index, 'python x.py', 'tools/run.py')).toBe('tools/x.py');
    expect(scriptOf(index, 'dvc repro', 'app.py')).toBeUndefined();
    expect(scriptOf(index, 'python other.py', 'app.py')).toBeUndefined();
  });
});

describe('trainingChainsFrom', () => {
  const patterns = {
    predict: DEFAULT_PREDICT_PATTERNS,
    train: DEFAULT_TRAIN_PATTERNS,
    tests: DEFAULT_TEST_PATTERNS,
    inferRoles: true,
  };

  it('reports the shortest chain per serving import, preferring named modules over package inits', () => {
    const ctx = fakeContext({
      'serve.py': lines(
        'import helpers',
        'from training import loop',
        'def f():',
        '    import tune_search',
      ),
      'helpers.py': lines('import prep'),
      'prep.py': lines('from train_model import fit_all'),
      'train_model.py': '',
      'tune_search.py': '',
      'training/__init__.py': '',
      'training/loop.py': '',
    });
    const chains = trainingChainsFrom(ctx, 'serve.py', rolesFor(ctx, patterns));
    expect(chains.map((c) => [c.first.record.location.line, c.files])).toEqual([
      [1, ['serve.py', 'helpers.py', 'prep.py', 'train_model.py']],
      [2, ['serve.py', 'training/loop.py']],
      [4, ['serve.py', 'tune_search.py']],
    ]);
  });

  it('does not follow in-function or main-block imports of other modules', () => {
    const ctx = fakeContext({
      'serve.py': lines('import helpers'),
      'helpers.py': lines(
        'def later():',
        '    import train',
        'if __name__ == "__main__":',
        '    import train',
      ),
      'train.py': '',
    });
    expect(trainingChainsFrom(ctx, 'serve.py', rolesFor(ctx, patterns))).toEqual([]);
    expect(
      importGraphFor(ctx)
        .of('helpers.py')
        .edges.map((e) => e.to),
    ).toEqual(['train.py', 'train.py']);
  });
});
