// Types for the CommonJS shim. python.ts views the value through the package's ESM types so
// that `Tree` is the same type everywhere (src/engine/types.ts imports it from 'web-tree-sitter').
declare const webTreeSitter: unknown;
export = webTreeSitter;
