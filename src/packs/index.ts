// Custom rule packs: declarative YAML packs and programmatic ES modules, loaded from the
// repository, an installed package or a pinned GitHub commit, compiled to the one rule contract.
export { createPackResolver, isLocalPath, PACK_FILE_NAMES, toConfigPack } from './resolve.js';
export type { ResolverOptions } from './resolve.js';
export { loadDeclarativePack, loadPackFile, packSchema, MAX_PACK_BYTES } from './load.js';
export { openPack } from './open.js';
export { testPack, FixturesError } from './harness.js';
export type { PackTestResult, RuleTestResult } from './harness.js';
export { packDocs } from './docs.js';
export type { DocPage } from './docs.js';
export { parseRemoteSpec, defaultCacheDir, MAX_REMOTE_BYTES } from './remote.js';
export type { LoadedPack } from './types.js';
