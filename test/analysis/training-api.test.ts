import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAINING_METHODS,
  DEFAULT_TRAINING_ONLY_NAMES,
  isFittingFunction,
  isTrainingMethod,
  trainingOnlyMatcher,
} from '../../src/analysis/training-api.js';

describe('trainingOnlyMatcher', () => {
  const matches = trainingOnlyMatcher(DEFAULT_TRAINING_ONLY_NAMES);

  it('matches a listed module and everything below it, not its parent or siblings', () => {
    expect(matches('sklearn.model_selection')).toBe('sklearn.model_selection');
    expect(matches('sklearn.model_selection.GridSearchCV')).toBe('sklearn.model_selection');
    expect(matches('sklearn')).toBeUndefined();
    expect(matches('sklearn.preprocessing.StandardScaler')).toBeUndefined();
    expect(matches('torch.optim.lr_scheduler.StepLR')).toBe('torch.optim');
    expect(matches('torch.nn')).toBeUndefined();
  });

  it('tells serving from tracking APIs of the same library', () => {
    expect(matches('mlflow.start_run')).toBe('mlflow.start_run');
    expect(matches('mlflow.log_metric')).toBe('mlflow.log_*');
    expect(matches('mlflow.sklearn.autolog')).toBe('mlflow.*.autolog');
    expect(matches('mlflow.pyfunc.log_model')).toBe('mlflow.*.log_model');
    expect(matches('mlflow.pyfunc.load_model')).toBeUndefined();
    expect(matches('mlflow.set_tracking_uri')).toBeUndefined();
    expect(matches('pytorch_lightning.Trainer')).toBe('pytorch_lightning.Trainer');
    expect(matches('pytorch_lightning.LightningModule')).toBeUndefined();
  });

  it('takes custom entries with wildcards', () => {
    const custom = trainingOnlyMatcher(['mycorp.train*', 'x.*.fit']);
    expect(custom('mycorp.training.loop')).toBe('mycorp.train*');
    expect(custom('mycorp.serving')).toBeUndefined();
    expect(custom('x.a.fit')).toBe('x.*.fit');
  });
});

describe('isTrainingMethod', () => {
  const methods = new Set(DEFAULT_TRAINING_METHODS);
  const call = (receiver: string, method: string, args = 1) =>
    isTrainingMethod({ receiver, method, args }, methods);

  it('treats fit-style calls as training whatever the receiver', () => {
    expect(call('model', 'fit')).toBe(true);
    expect(call('self.scaler', 'fit_transform')).toBe(true);
    expect(call('?', 'partial_fit')).toBe(true);
    expect(call('loss', 'backward', 0)).toBe(true);
  });

  it('needs an argument or a trainer for train(), and an optimizer for step()', () => {
    expect(call('model', 'train', 0)).toBe(false);
    expect(call('trainer', 'train', 0)).toBe(true);
    expect(call('xgb', 'train', 2)).toBe(true);
    expect(call('scheduler', 'step', 0)).toBe(false);
    expect(call('self.optimizer', 'step', 0)).toBe(true);
    expect(call('opt', 'step', 0)).toBe(true);
  });

  it('ignores plain functions and look-alike fits', () => {
    expect(call('', 'fit')).toBe(false);
    expect(call('ImageOps', 'fit')).toBe(false);
    expect(call('model', 'predict')).toBe(false);
  });

  it('knows the sklearn helpers that fit internally', () => {
    expect(isFittingFunction('sklearn.model_selection.cross_val_score')).toBe(true);
    expect(isFittingFunction('sklearn.model_selection.train_test_split')).toBe(false);
  });
});
