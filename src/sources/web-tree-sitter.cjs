// CommonJS shim: ncc mis-bundles the ESM build of web-tree-sitter, so python.ts imports the
// package through this file, whose require() resolves to the package's .cjs build.
/* global module, require */
// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = require('web-tree-sitter');
