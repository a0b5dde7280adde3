// Build the committed bundles: src/index.ts → dist/index.js (the action) and src/cli.ts →
// dist/cli.js (the CLI), both ESM, plus what they read at run time: the two tree-sitter wasm
// files and the shipped packs and schemas (dist/rules/).
// Output is deterministic (no cache, no timestamps, no source maps) so `npm run dist:check`
// can compare a fresh build with the committed dist/.
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const ncc = require('@vercel/ncc');

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundled entry points: source (relative to ROOT) → output name in dist/. */
export const ENTRIES = [
  { entry: 'src/index.ts', name: 'index' },
  { entry: 'src/cli.ts', name: 'cli' },
];

/** Files the runtime reads beside the bundle: [package, file]. */
export const WASM_FILES = [
  ['web-tree-sitter', 'web-tree-sitter.wasm'],
  ['tree-sitter-python', 'tree-sitter-python.wasm'],
];

/**
 * Bundle one entry with ncc into `outDir/<name>.js`. Returns the relative paths written.
 * ncc emits a `package.json` with `"type": "module"` beside ESM output so Node loads it as ESM;
 * other assets it relocates are written as well. Licences of bundled packages go to
 * `<name>.licenses.txt`.
 */
export async function bundle(entry, outDir, name, { cwd = ROOT } = {}) {
  const input = resolve(cwd, entry);
  const { code, assets } = await ncc(input, {
    cache: false,
    sourceMap: false,
    minify: false,
    quiet: true,
    license: `${name}.licenses.txt`,
    target: 'es2022',
    // Keep absolute build paths out of the output: the bundle must not depend on the machine.
    filterAssetBase: cwd,
  });
  await mkdir(outDir, { recursive: true });
  const written = [];
  const main = `${name}.js`;
  await writeFile(join(outDir, main), withCommonJsGlobals(assertPortable(code, cwd, main)));
  written.push(main);
  for (const [file, asset] of Object.entries(assets ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (file.endsWith('.map')) continue;
    const target = join(outDir, file);
    if (!target.startsWith(resolve(outDir) + sep)) {
      throw new Error(`ncc asset ${file} would be written outside ${outDir}`);
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, asset.source);
    if (asset.permissions) await chmod(target, asset.permissions);
    written.push(file);
  }
  return written;
}

/**
 * Bundled CommonJS packages (web-tree-sitter's .cjs build, others) read `__dirname` and
 * `__filename`, which ESM output does not define and ncc does not rewrite. Define both at the top
 * of the bundle, after any shebang, from the bundle's own URL.
 */
export function withCommonJsGlobals(code) {
  const preamble =
    "import { dirname as __hgDirname } from 'node:path';\n" +
    "import { fileURLToPath as __hgFileURLToPath } from 'node:url';\n" +
    'const __filename = __hgFileURLToPath(import.meta.url);\n' +
    'const __dirname = __hgDirname(__filename);\n';
  const shebang = /^#![^\n]*\n/.exec(code);
  return shebang ? shebang[0] + preamble + code.slice(shebang[0].length) : preamble + code;
}

/** A bundle that names the build machine's folders would differ per machine: refuse it. */
function assertPortable(code, cwd, name) {
  const text = typeof code === 'string' ? code : code.toString('utf8');
  for (const root of [cwd + sep, pathToFileURL(cwd).href + '/']) {
    const at = text.indexOf(root);
    if (at >= 0) {
      const line = text.slice(0, at).split('\n').length;
      throw new Error(
        `${name}:${line} embeds the build path ${root}: the bundle would not be portable`,
      );
    }
  }
  return text;
}

/**
 * The installed folder of a package, found the way Node would (node_modules of cwd and its
 * parents). Not via require.resolve: web-tree-sitter's `exports` hides its package.json.
 */
export function packageDir(pkg, cwd = ROOT) {
  for (const dir of createRequire(join(cwd, 'package.json')).resolve.paths(pkg) ?? []) {
    const candidate = join(dir, pkg);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  throw new Error(`package ${pkg} is not installed (looked from ${cwd})`);
}

/** Copy the tree-sitter runtime and Python grammar wasm files beside the bundles. */
export async function copyWasm(outDir, { cwd = ROOT } = {}) {
  const written = [];
  for (const [pkg, file] of WASM_FILES) {
    await copyFile(join(packageDir(pkg, cwd), file), join(outDir, file));
    written.push(file);
  }
  return written;
}

/**
 * The packs (rules/*.yml) and JSON Schemas (rules/schemas/*.json) the runtime reads. src/config
 * looks for rules/ upward from the bundle, so a copy in dist/rules/ makes dist/ self-contained.
 */
export async function copyRules(outDir, { cwd = ROOT } = {}) {
  const written = [];
  for (const [folder, pattern] of [
    ['rules', /\.ya?ml$/],
    ['rules/schemas', /\.json$/],
  ]) {
    const from = join(cwd, folder);
    if (!existsSync(from)) continue;
    const names = (await readdir(from, { withFileTypes: true }))
      .filter((e) => e.isFile() && pattern.test(e.name))
      .map((e) => e.name)
      .sort();
    if (names.length === 0) continue;
    await mkdir(join(outDir, folder), { recursive: true });
    for (const name of names) {
      await copyFile(join(from, name), join(outDir, folder, name));
      written.push(`${folder}/${name}`);
    }
  }
  return written;
}

/** The tree-sitter-python licence: its wasm is shipped without any JS import ncc could trace. */
async function appendWasmLicences(outDir, names, { cwd = ROOT } = {}) {
  const text = await readFile(join(packageDir('tree-sitter-python', cwd), 'LICENSE'), 'utf8');
  for (const name of names) {
    const file = join(outDir, `${name}.licenses.txt`);
    const current = await readFile(file, 'utf8').catch(() => '');
    if (current.includes('\ntree-sitter-python\n')) continue;
    await writeFile(file, `${current.trimEnd()}\n\ntree-sitter-python\nMIT\n${text.trimEnd()}\n`);
  }
}

/** Clean dist/ and build every entry. */
export async function build({ cwd = ROOT, outDir = join(cwd, 'dist'), entries = ENTRIES } = {}) {
  await rm(outDir, { recursive: true, force: true });
  const written = [];
  for (const { entry, name } of entries) {
    written.push(...(await bundle(entry, outDir, name, { cwd })));
  }
  written.push(...(await copyWasm(outDir, { cwd })));
  written.push(...(await copyRules(outDir, { cwd })));
  await appendWasmLicences(
    outDir,
    entries.map((e) => e.name),
    { cwd },
  );
  return [...new Set(written)].sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  build().then(
    (files) => {
      console.log(
        `built ${files.length} files in ${relative(process.cwd(), join(ROOT, 'dist')) || '.'}:`,
      );
      for (const f of files) console.log(`  dist/${f}`);
    },
    (err) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
