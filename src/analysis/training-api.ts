// What counts as training: libraries and APIs only training needs, and calls that fit a model.
// Serving-side APIs of the same libraries stay allowed (`mlflow.pyfunc.load_model`,
// `torch.load`, `pytorch_lightning.LightningModule.load_from_checkpoint`).

export interface TrainingOnlyEntry {
  /** Dotted name; `*` stands for one name segment or part of one (`mlflow.log_*`). */
  name: string;
  /** What it is for, in a few words, for the message. */
  why: string;
}

export const DEFAULT_TRAINING_ONLY: readonly TrainingOnlyEntry[] = [
  {
    name: 'sklearn.model_selection',
    why: 'train/test splits, cross-validation and hyper-parameter search',
  },
  { name: 'optuna', why: 'hyper-parameter search' },
  { name: 'hyperopt', why: 'hyper-parameter search' },
  { name: 'ray.tune', why: 'hyper-parameter search' },
  { name: 'skopt', why: 'hyper-parameter search' },
  { name: 'bayes_opt', why: 'hyper-parameter search' },
  { name: 'keras_tuner', why: 'hyper-parameter search' },
  { name: 'kerastuner', why: 'hyper-parameter search' },
  { name: 'flaml', why: 'AutoML model search' },
  { name: 'azureml.train.hyperdrive', why: 'hyper-parameter search' },
  { name: 'azureml.train.estimator', why: 'AzureML training runs' },
  { name: 'azureml.train.dnn', why: 'AzureML training runs' },
  { name: 'azureml.train.sklearn', why: 'AzureML training runs' },
  { name: 'azureml.train.automl.AutoMLConfig', why: 'AutoML training runs' },
  { name: 'torch.optim', why: 'optimizers and learning-rate schedules' },
  { name: 'torch.utils.tensorboard', why: 'training logs' },
  { name: 'tensorboardX', why: 'training logs' },
  { name: 'keras.optimizers', why: 'optimizers' },
  { name: 'keras.callbacks', why: 'training callbacks' },
  { name: 'tensorflow.keras.optimizers', why: 'optimizers' },
  { name: 'tensorflow.keras.callbacks', why: 'training callbacks' },
  { name: 'pytorch_lightning.Trainer', why: 'the training loop' },
  { name: 'pytorch_lightning.callbacks', why: 'training callbacks' },
  { name: 'lightning.Trainer', why: 'the training loop' },
  { name: 'lightning.pytorch.Trainer', why: 'the training loop' },
  { name: 'lightning.pytorch.callbacks', why: 'training callbacks' },
  { name: 'transformers.Trainer', why: 'the training loop' },
  { name: 'transformers.Seq2SeqTrainer', why: 'the training loop' },
  { name: 'transformers.TrainingArguments', why: 'training configuration' },
  { name: 'transformers.Seq2SeqTrainingArguments', why: 'training configuration' },
  { name: 'trl', why: 'fine-tuning trainers' },
  { name: 'imblearn.over_sampling', why: 'resampling training data' },
  { name: 'imblearn.under_sampling', why: 'resampling training data' },
  { name: 'wandb', why: 'experiment tracking' },
  { name: 'comet_ml', why: 'experiment tracking' },
  { name: 'neptune', why: 'experiment tracking' },
  { name: 'dvclive', why: 'experiment tracking' },
  { name: 'mlflow.start_run', why: 'experiment tracking (a training run)' },
  { name: 'mlflow.log_*', why: 'experiment tracking (logging a training run)' },
  { name: 'mlflow.set_experiment', why: 'experiment tracking' },
  { name: 'mlflow.autolog', why: 'experiment tracking' },
  { name: 'mlflow.*.autolog', why: 'experiment tracking' },
  { name: 'mlflow.*.log_model', why: 'logging a newly trained model' },
];

/** The default list as option values (names only). */
export const DEFAULT_TRAINING_ONLY_NAMES = DEFAULT_TRAINING_ONLY.map((e) => e.name);

const WHY = new Map(DEFAULT_TRAINING_ONLY.map((e) => [e.name, e.why]));

export function trainingOnlyWhy(entry: string): string {
  return WHY.get(entry) ?? 'listed in `trainingOnly`';
}

export type TrainingOnlyMatcher = (dotted: string) => string | undefined;

/** A matcher returning the entry that `dotted` (a module, or a module attribute) falls under. */
export function trainingOnlyMatcher(entries: readonly string[]): TrainingOnlyMatcher {
  const compiled = entries.map((entry) => ({ entry, parts: entry.split('.').map(segmentMatcher) }));
  return (dotted) => {
    const parts = dotted.split('.');
    for (const { entry, parts: pattern } of compiled) {
      if (parts.length < pattern.length) continue;
      if (pattern.every((test, i) => test(parts[i]))) return entry;
    }
    return undefined;
  };
}

function segmentMatcher(segment: string): (part: string) => boolean {
  if (!segment.includes('*')) return (part) => part === segment;
  const re = new RegExp(`^${segment.split('*').map(escapeRegExp).join('[A-Za-z0-9_]*')}$`);
  return (part) => re.test(part);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Method names whose call fits a model, whatever the receiver. */
export const DEFAULT_TRAINING_METHODS = [
  'fit',
  'fit_transform',
  'partial_fit',
  'fit_predict',
  'fit_resample',
  'fit_generator',
  'train_on_batch',
  'train',
  'learn',
  'backward',
];

/** sklearn helpers that fit estimators internally. */
const FITTING_FUNCTIONS =
  /^sklearn\.model_selection\.(?:cross_val_score|cross_val_predict|cross_validate|learning_curve|validation_curve|permutation_test_score)$/;

/** Receivers whose `.fit` is not model fitting (`ImageOps.fit` crops an image). */
const NOT_MODEL_FIT = /(^|\.)ImageOps$/;

export interface CallShape {
  /** Receiver text (`self.model`, `trainer`) or '' for a plain function call. */
  receiver: string;
  /** The called name (`fit`, `train`). */
  method: string;
  /** Number of arguments. */
  args: number;
}

/**
 * Whether a method call trains. `model.train()` with no arguments only switches a PyTorch module
 * to training mode and `scheduler.step()` advances a schedule, so `train` needs an argument or a
 * trainer receiver and `step` an optimizer receiver.
 */
export function isTrainingMethod(call: CallShape, methods: ReadonlySet<string>): boolean {
  const { receiver, method, args } = call;
  if (receiver === '') return false;
  if (method === 'step') return methods.has('step') || /optim|(^|\.)opt$/i.test(receiver);
  if (!methods.has(method)) return false;
  if (method === 'train') return args > 0 || /trainer/i.test(receiver);
  if (method === 'learn') return args > 0;
  if (method.startsWith('fit') && NOT_MODEL_FIT.test(receiver)) return false;
  return true;
}

/** Whether a resolved external function is an sklearn helper that fits models. */
export function isFittingFunction(dotted: string): boolean {
  return FITTING_FUNCTIONS.test(dotted);
}
