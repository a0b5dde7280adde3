// Pipfile (TOML): `[packages]`, `[dev-packages]` and custom categories. Values are "*", a PEP 440
// specifier, or a table with `version`, `git` + `ref`, `path`, `file` or `editable`.
import { base, type DeclarationSite } from './declare.js';
import { classifyReference } from './direct-reference.js';
import type { Declaration } from './model.js';
import { classifySpecifier } from './pep440.js';
import { table } from './pyproject.js';
import type { TomlLocator } from './toml-locator.js';

const NOT_PACKAGES = new Set(['source', 'requires', 'scripts', 'pipenv']);

export function parsePipfile(
  file: string,
  value: Record<string, unknown>,
  locator: TomlLocator,
): Declaration[] {
  const declarations: Declaration[] = [];
  for (const [category, packages] of Object.entries(value)) {
    if (NOT_PACKAGES.has(category)) continue;
    const entries = table(packages);
    if (!entries) continue;
    for (const [name, spec] of Object.entries(entries)) {
      const where = locator.position([category, name]) ?? { line: 1, column: 1 };
      const site: DeclarationSite = {
        file,
        line: where.line,
        column: where.column,
        source: 'pipfile',
      };
      if (category !== 'packages') site.group = category === 'dev-packages' ? 'dev' : category;
      const declaration = pipfileDependency(name, spec, site);
      if (declaration) declarations.push(declaration);
    }
  }
  return declarations;
}

function pipfileDependency(
  name: string,
  spec: unknown,
  site: DeclarationSite,
): Declaration | undefined {
  const declaration = base(name, site, 'pypi');
  const entry = table(spec);
  if (typeof spec === 'string' || typeof entry?.['version'] === 'string') {
    const text = (typeof spec === 'string' ? spec : (entry!['version'] as string)).trim();
    declaration.specifier = text;
    if (text === '*' || text === '') {
      declaration.why = `"${text || '*'}" allows any version`;
    } else {
      const verdict = classifySpecifier(text);
      declaration.pinned = verdict.pinned;
      if (verdict.version) declaration.version = verdict.version;
      if (verdict.why) declaration.why = verdict.why;
    }
    if (!declaration.pinned)
      declaration.suggestion = `pin the version you tested: ${name} = "==X.Y.Z", or commit Pipfile.lock`;
    return declaration;
  }
  if (!entry) return undefined;
  if (typeof entry['path'] === 'string') return undefined;
  const vcs = ['git', 'hg', 'svn', 'bzr'].find((key) => typeof entry[key] === 'string');
  if (vcs) {
    const ref = typeof entry['ref'] === 'string' ? `@${entry['ref']}` : '';
    const url = `${vcs}+${String(entry[vcs]).replace(/^[a-z]+\+/, '')}${ref}`;
    const classified = classifyReference(url);
    declaration.specifier = url;
    declaration.pinned = classified.pinned;
    if (!classified.pinned) {
      declaration.why = classified.why ?? 'no commit';
      if (classified.strictOnly) declaration.strictOnly = true;
      declaration.suggestion = `pin a commit: ${name} = { ${vcs} = "…", ref = "<40-character commit SHA>" }`;
    }
    return declaration;
  }
  if (typeof entry['file'] === 'string') {
    const classified = classifyReference(entry['file']);
    declaration.specifier = entry['file'];
    declaration.pinned = classified.pinned;
    if (classified.why) declaration.why = classified.why;
    return declaration;
  }
  declaration.why = 'no version given';
  declaration.suggestion = `pin the version you tested: ${name} = "==X.Y.Z", or commit Pipfile.lock`;
  return declaration;
}
