// The registry of built-in rules. Rule ids are public API: renaming one breaks users' configs.
import type { Rule } from '../engine/types.js';
import hardcodedPaths from './hardcoded-paths.js';
import modelInterface from './model-interface.js';
import pinnedDependencies from './pinned-dependencies.js';
import schemaAcceptance from './schema-acceptance.js';
import trainPredictSeparation from './train-predict-separation.js';
import undeclaredDependencies from './undeclared-dependencies.js';

export const BUILTIN_RULES: readonly Rule[] = [
  pinnedDependencies,
  undeclaredDependencies,
  hardcodedPaths,
  trainPredictSeparation,
  modelInterface,
  schemaAcceptance,
] as Rule[];
