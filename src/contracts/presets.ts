// Interfaces frameworks call, so a contract can say `preset: sklearn` instead of spelling them
// out. Presets are matched in `compatible` mode: the model must accept every call the framework
// makes; parameter names the framework passes positionally are free, annotations are the
// model's own (and must exist when the contract requires annotations).
import type { ContractLocation, Preset } from './types.js';
import type { DeclaredCallable } from './signature.js';

export interface PresetInterface {
  methods: DeclaredCallable[];
  /** Base classes one of which the model must derive from (matched on the last dotted segment). */
  bases?: string[];
  describe: string;
}

export function presetInterface(preset: Preset, at: ContractLocation): PresetInterface {
  switch (preset) {
    case 'sklearn':
      return {
        describe: 'scikit-learn estimator (fit(X, y), predict(X), optional predict_proba(X))',
        methods: [
          {
            name: 'fit',
            required: true,
            at,
            params: [
              { name: 'X', kind: 'positional-only', optional: false },
              { name: 'y', kind: 'positional-only', optional: false },
            ],
          },
          {
            name: 'predict',
            required: true,
            at,
            params: [{ name: 'X', kind: 'positional-only', optional: false }],
          },
          {
            name: 'predict_proba',
            required: false,
            at,
            params: [{ name: 'X', kind: 'positional-only', optional: false }],
          },
        ],
      };
    case 'mlflow-pyfunc':
      return {
        describe: 'MLflow PythonModel (predict(self, context, model_input, params=None))',
        bases: ['PythonModel'],
        methods: [
          {
            name: 'predict',
            required: true,
            at,
            params: [
              { name: 'context', kind: 'positional-only', optional: false },
              { name: 'model_input', kind: 'positional-only', optional: false },
              // MLflow passes inference parameters by name: `predict(context, model_input, params=params)`.
              { name: 'params', kind: 'keyword-only', optional: true, default: 'None' },
            ],
          },
          {
            name: 'load_context',
            required: false,
            at,
            params: [{ name: 'context', kind: 'positional-only', optional: false }],
          },
        ],
      };
  }
}
