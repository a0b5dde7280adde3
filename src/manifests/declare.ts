// Turns a requirement analysis into a Declaration at a location, with the reason and a fix.
import type { Declaration, DeclarationSource, Ecosystem } from './model.js';
import { normalizeName } from './names.js';
import { lowerBound, classifySpecifier } from './pep440.js';
import type { CondaSpec } from './conda-spec.js';
import type { RequirementAnalysis } from './requirement-spec.js';

export interface DeclarationSite {
  file: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  source: DeclarationSource;
  ecosystem?: Ecosystem;
  group?: string;
  command?: boolean;
  runtime?: boolean;
}

/** A Declaration for a PyPI requirement, or undefined for a local directory (nothing to pin). */
export function declarePypi(
  analysis: RequirementAnalysis,
  site: DeclarationSite,
): Declaration | undefined {
  if (analysis.kind === 'invalid') return undefined;
  if (analysis.kind === 'local' && !analysis.name) return undefined;
  const name = analysis.name ?? analysis.url ?? '';
  if (name === '') return undefined;
  const declaration = base(name, site, 'pypi');
  declaration.specifier =
    analysis.url && analysis.nameFrom !== 'wheel' ? analysis.url : analysis.specifier;
  declaration.pinned = analysis.pinned;
  if (analysis.hashed) declaration.hashed = true;
  if (analysis.marker) declaration.marker = analysis.marker;
  if (analysis.version !== undefined && analysis.pinned) declaration.version = analysis.version;
  if (!analysis.pinned) {
    declaration.why = analysis.why ?? 'no version specifier';
    if (analysis.strictOnly) declaration.strictOnly = true;
    declaration.suggestion = pypiSuggestion(analysis);
  }
  return declaration;
}

export function base(name: string, site: DeclarationSite, ecosystem: Ecosystem): Declaration {
  const declaration: Declaration = {
    name,
    normalizedName:
      ecosystem === 'pypi' || ecosystem === 'conda' ? normalizeName(name) : name.toLowerCase(),
    file: site.file,
    line: site.line,
    source: site.source,
    ecosystem: site.ecosystem ?? ecosystem,
    specifier: '',
    pinned: false,
  };
  if (site.column !== undefined) declaration.column = site.column;
  if (site.endLine !== undefined) declaration.endLine = site.endLine;
  if (site.endColumn !== undefined) declaration.endColumn = site.endColumn;
  if (site.group !== undefined) declaration.group = site.group;
  if (site.command) declaration.command = true;
  if (site.runtime) declaration.runtime = true;
  return declaration;
}

export function pypiSuggestion(analysis: RequirementAnalysis): string {
  const name = analysis.name ?? 'the package';
  if (analysis.kind === 'reference' && analysis.url) {
    if (/^(git|hg|svn|bzr)\+|^git:\/\//i.test(analysis.url)) {
      return `pin a full commit: ${name} @ ${analysis.url.replace(/@[^/@#]*(?=#|$)/, '').replace(/#.*$/, '')}@<40-character commit SHA>`;
    }
    return `point at a versioned file, or add #sha256=<hash> to the URL`;
  }
  const bound = lowerBound(classifySpecifier(analysis.specifier).clauses);
  const extras = analysis.extras.length ? `[${analysis.extras.join(',')}]` : '';
  if (bound && !analysis.specifier.includes('*')) {
    return `pin the version you tested, e.g. ${name}${extras}==${bound} (the range's lower bound)`;
  }
  return `pin the version you tested: ${name}${extras}==X.Y.Z (\`pip freeze\` shows it)`;
}

/** Copy what a parsed conda spec says about pinning onto its declaration. */
export function applyCondaSpec(
  declaration: Declaration,
  spec: CondaSpec,
  suggestion: string,
): void {
  declaration.specifier = spec.specifier;
  declaration.pinned = spec.pinned;
  if (spec.hashed) declaration.hashed = true;
  if (spec.version && spec.pinned) declaration.version = spec.version;
  if (!spec.pinned) {
    declaration.why = spec.why ?? 'not an exact version';
    if (spec.strictOnly) declaration.strictOnly = true;
    declaration.suggestion = suggestion;
  }
}
