import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PREDICT_PATTERNS,
  DEFAULT_TEST_PATTERNS,
  DEFAULT_TRAIN_PATTERNS,
  rolesFor,
  servesFrom,
  servingEvidence,
  type RolePatterns,
} from '../../src/analysis/roles.js';
import { outlineOf } from '../../src/analysis/outline.js';
import { fakeContext } from './fake-context.js';
import { pyDoc } from './helpers.js';

const defaults: RolePatterns = {
  predict: DEFAULT_PREDICT_PATTERNS,
  train: DEFAULT_TRAIN_PATTERNS,
  tests: DEFAULT_TEST_PATTERNS,
  inferRoles: true,
};

function rolesOf(files: Record<string, string>, patterns: RolePatterns = defaults) {
  const roles = rolesFor(fakeContext(files), patterns);
  return Object.fromEntries([...roles.values()].map((r) => [r.file, r.role]));
}

describe('roles from paths', () => {
  it('applies tests, then training, then serving patterns, case-insensitively', () => {
    expect(
      rolesOf({
        'predict.py': '',
        'src/pipeline/predict_pipeline.py': '',
        'src/pipeline/train_pipeline.py': '',
        'src/components/model_trainer.py': '',
        'assets/retrain_models.py': '',
        'inference/handler.py': '',
        'api/routes.py': '',
        'training/predict_eval.py': '',
        'Train_Predict_Model.py': '',
        'tests/test_predict.py': '',
        'serve_test.py': '',
        'conftest.py': '',
        'constrained.py': '',
        'utils.py': '',
      }),
    ).toEqual({
      'predict.py': 'predict',
      'src/pipeline/predict_pipeline.py': 'predict',
      'src/pipeline/train_pipeline.py': 'train',
      'src/components/model_trainer.py': 'train',
      'assets/retrain_models.py': 'train',
      'inference/handler.py': 'predict',
      'api/routes.py': 'predict',
      'training/predict_eval.py': 'train',
      'Train_Predict_Model.py': 'train',
      'tests/test_predict.py': 'test',
      'serve_test.py': 'test',
      'conftest.py': 'test',
      'constrained.py': 'none',
      'utils.py': 'none',
    });
  });

  it('gives notebooks a serving role only from a pattern that names notebooks', () => {
    expect(
      rolesOf({
        'inference/explore.ipynb': '{}',
        'db.py': '# Databricks notebook source\nx = 1\n',
      }),
    ).toEqual({
      'inference/explore.ipynb': 'notebook',
      'db.py': 'notebook',
    });
    expect(
      rolesOf({ 'inference/explore.ipynb': '{}' }, { ...defaults, predict: ['inference/*.ipynb'] }),
    ).toEqual({
      'inference/explore.ipynb': 'predict',
    });
  });

  it('uses configured patterns instead of the defaults', () => {
    expect(
      rolesOf(
        { 'service/handler.py': '', 'jobs/nightly.py': '', 'predict.py': '' },
        { ...defaults, predict: ['service/'], train: ['jobs/'] },
      ),
    ).toEqual({
      'service/handler.py': 'predict',
      'jobs/nightly.py': 'train',
      'predict.py': 'none',
    });
  });
});

describe('roles from content', () => {
  const evidence = (text: string) => servingEvidence(outlineOf(pyDoc('x.py', text)));

  it('recognises web apps by their routes or app objects', () => {
    expect(
      evidence('from flask import Flask\napp = Flask(__name__)\n@app.route("/p")\ndef p(): ...')
        ?.reason,
    ).toBe("defines a web route `@app.route('/p')`");
    expect(
      evidence(
        'from fastapi import APIRouter\nrouter = APIRouter()\n@router.post("/score")\ndef s(): ...',
      )?.reason,
    ).toBe("defines a web route `@router.post('/score')`");
    expect(evidence('import fastapi\napp = fastapi.FastAPI()')?.reason).toBe(
      'creates a web app with `fastapi.FastAPI()`',
    );
  });

  it('does not treat an unused flask import or a non-web `.get` decorator as serving', () => {
    expect(
      evidence('from flask import Flask, render_template\ndef trainmodel(): ...'),
    ).toBeUndefined();
    expect(evidence('import functools\n@cache.get("k")\ndef f(): ...')).toBeUndefined();
  });

  it('recognises serving frameworks and scoring entry points', () => {
    expect(evidence('import bentoml\n@bentoml.service\nclass Svc: ...')?.reason).toContain(
      'BentoML',
    );
    expect(evidence('from ray import serve\n@serve.deployment\nclass D: ...')?.reason).toContain(
      'Ray Serve',
    );
    expect(evidence('def model_fn(d): ...\ndef predict_fn(x, m): ...')?.entries).toEqual([
      'model_fn',
      'predict_fn',
    ]);
    expect(evidence('def lambda_handler(event, context): ...')?.reason).toContain('Lambda');
    expect(
      evidence('import gradio as gr\ndemo = gr.Interface(fn=f, inputs="text", outputs="text")')
        ?.reason,
    ).toContain('Gradio');
  });

  it('scopes an MLflow PythonModel module to its model classes', () => {
    const found = evidence(
      'import mlflow\nclass M(mlflow.pyfunc.PythonModel):\n    def predict(self, c, x): ...\ndef log(): ...',
    );
    expect(found).toMatchObject({ entries: ['M'] });
    expect(servesFrom(found?.entries, 'M.predict')).toBe(true);
    expect(servesFrom(found?.entries, 'log')).toBe(false);
    expect(servesFrom(found?.entries, '')).toBe(true);
    expect(servesFrom(found?.entries, '', true)).toBe(false);
  });

  it('takes init()/run(data) that loads a model as a scoring script, unless the file trains', () => {
    const scoring =
      'import joblib\ndef init():\n    global m\n    m = joblib.load("m")\ndef run(data):\n    return m.predict(data)';
    expect(evidence(scoring)?.entries).toEqual(['init', 'run']);
    expect(evidence(scoring.replace('return m.predict(data)', 'm.fit(data)'))).toBeUndefined();
    expect(
      evidence('def init(name): ...\ndef run(a, b, c): ...\nx = joblib.load("m")'),
    ).toBeUndefined();
  });

  it('can be turned off', () => {
    const files = { 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };
    expect(rolesOf(files)).toEqual({ 'app.py': 'predict' });
    expect(rolesOf(files, { ...defaults, inferRoles: false })).toEqual({ 'app.py': 'none' });
  });
});
