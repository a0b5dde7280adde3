// The config module's public surface: load a policy, or resolve one from text in hand.
export { ConfigError } from './errors.js';
export { CONFIG_FILE_NAMES, findConfigFile, loadConfig, resolveConfigText } from './load.js';
export type { ResolveTextOptions } from './load.js';
export { BUILTIN_PACKS } from './packs.js';
export { DEFAULT_MAX_FILE_SIZE, formatByteSize, parseByteSize } from './size.js';
export type {
  ConfigDocument,
  ConfigProblem,
  LoadConfigOptions,
  Pack,
  PackResolver,
  ResolvedConfig,
  RuleSettings,
} from './types.js';
export { parseConfigDocument } from './yaml-document.js';
