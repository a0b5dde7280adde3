// The analysis behind undeclared-dependencies: which imports of a file need a distribution that
// the manifests governing it do not declare, and how to say so. Pure over its inputs; the rule
// gathers them (imports, declarations, layout) from the run's context.
import type { ImportRecord } from '../analysis/import-record.js';
import { DeclarationScopes, additionHint } from './declared.js';
import {
  DistributionTable,
  isNamespaceRoot,
  normalizeDistribution,
  providedByEnvironment,
  type EnvironmentKind,
  type ModuleResolution,
} from './distributions.js';
import type { FirstPartyIndex } from './first-party.js';
import { formatMinors, type PythonTarget } from './python-version.js';
import { SUPPORTED_MINORS, isStdlibInAnyVersion, isStdlibModule, stdlibStatus } from './stdlib.js';

/** One finding to make: a distribution missing for one file. */
export interface Missing {
  file: string;
  record: ImportRecord;
  resolution: ModuleResolution;
  /** Set when the module is a standard-library module of only some targeted versions. */
  stdlibGap?: { presentIn: number[]; missingIn: number[]; target: PythonTarget };
  /** The import name itself is declared, but that is not the distribution that provides it. */
  misnamed?: boolean;
}

export interface UndeclaredInput {
  scopes: DeclarationScopes;
  table: DistributionTable;
  firstParty: FirstPartyIndex;
  /** Targeted Python versions; undefined when unknown (then any version's stdlib counts). */
  target: PythonTarget | undefined;
  ignore: readonly string[];
  reportGuarded: boolean;
}

/** `foo` matches `foo` and `foo.*`; `*` is a wildcard within the name. */
export function matchesModulePattern(module: string, pattern: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\w.]*');
  return new RegExp(`^${source}(?:\\..*)?$`).test(module);
}

function stdlibGap(module: string, target: PythonTarget): Missing['stdlibGap'] {
  return {
    presentIn: SUPPORTED_MINORS.filter((m) => isStdlibModule(module, m)),
    missingIn: target.minors.filter((m) => !isStdlibModule(module, m)),
    target,
  };
}

/**
 * The modules an import needs. `from google.cloud import storage, bigquery` needs two
 * distributions: each imported name under a namespace (or a longer known table prefix) counts.
 */
export function importedModules(record: ImportRecord, table: DistributionTable): string[] {
  const { module, names } = record;
  if (record.kind !== 'from' || names.length === 0 || names.includes('*')) return [module];
  const own = table.resolve(module);
  const subs = names.map((name) => `${module}.${name}`);
  if (isNamespaceRoot(module)) return subs;
  const longer = subs.filter((sub) => {
    const r = table.resolve(sub);
    return r.known && r.importName.length > own.importName.length;
  });
  return longer.length === names.length ? longer : [module, ...longer];
}

/** Whether an import needs no declaration: stdlib, ignored, provided by the environment, first-party. */
function exempt(
  module: string,
  file: string,
  record: ImportRecord,
  env: readonly EnvironmentKind[],
  input: UndeclaredInput,
): boolean {
  if (module === '__main__' || module.startsWith('__main__.')) return true;
  // With no known target, a module of any version's standard library counts as standard.
  if (
    input.target
      ? stdlibStatus(module, input.target.minors).kind === 'stdlib'
      : isStdlibInAnyVersion(module)
  )
    return true;
  if (input.ignore.some((p) => matchesModulePattern(module, p))) return true;
  if (providedByEnvironment(module, env)) return true;
  return input.firstParty.isFirstParty(module, file, record.names);
}

/**
 * An import the table does not know, named like a module that exists somewhere in the repository
 * (`from common import x` run with that folder on PYTHONPATH) and declared nowhere, is far more
 * likely the project's own code reached through a path we cannot see than an undeclared package.
 */
function isLocalModuleElsewhere(resolution: ModuleResolution, input: UndeclaredInput): boolean {
  if (resolution.known) return false;
  const top = resolution.importName.split('.')[0];
  return (
    input.firstParty.existsAnywhere(top) &&
    input.scopes.declaredAnywhere(resolution.distributions[0]).length === 0
  );
}

/** The distributions `file` imports that its governing manifests do not declare, first import of each. */
export function findUndeclared(
  file: string,
  records: readonly ImportRecord[],
  environment: readonly EnvironmentKind[],
  input: UndeclaredInput,
): Missing[] {
  // A governing manifest includes requirements from a URL: anything may be declared there.
  if (input.scopes.opaqueGoverning(file).length > 0) return [];
  const declared = input.scopes.declaredNames(file);
  const seen = new Set<string>();
  const missing: Missing[] = [];
  for (const record of records) {
    if (record.level > 0 || !record.module || record.typeOnly) continue;
    if (record.kind === 'notebook-run' || record.kind === 'import-ipynb') continue;
    if (record.guarded && !input.reportGuarded) continue;
    for (const module of importedModules(record, input.table)) {
      if (exempt(module, file, record, environment, input)) continue;
      // `import azureml` alone names no distribution; the imports below it do.
      if (isNamespaceRoot(module)) continue;
      const resolution = input.table.resolve(module);
      if (isLocalModuleElsewhere(resolution, input)) continue;
      const key = resolution.distributions[0];
      if (seen.has(key)) continue;
      seen.add(key);
      if (input.table.providedBy(module, declared)) continue;
      const { target } = input;
      missing.push({
        file,
        record,
        resolution,
        stdlibGap: target && isStdlibInAnyVersion(module) ? stdlibGap(module, target) : undefined,
        misnamed: resolution.known && declared.has(normalizeDistribution(resolution.importName)),
      });
    }
  }
  return missing;
}

/** `'scikit-learn'`, or `'opencv-python', or opencv-python-headless, ...` (at most four named). */
function describeDistributions(resolution: ModuleResolution): string {
  const [first, ...rest] = resolution.distributions;
  if (rest.length === 0) return `'${first}'`;
  return `'${first}', or ${rest.slice(0, 3).join(', ')}${rest.length > 3 ? ', ...' : ''}`;
}

/** The finding's message and fix for one missing distribution; `importers` counts the files missing it. */
export function describeMissing(
  missing: Missing,
  scopes: DeclarationScopes,
  importers: number,
): { message: string; fix: string } {
  const { resolution, file, stdlibGap } = missing;
  const dist = resolution.distributions[0];
  const named =
    resolution.importName.replace(/[-_.]+/g, '-').toLowerCase() === dist
      ? ''
      : ` (distribution ${describeDistributions(resolution)})`;
  const pinned = scopes.declaredAnywhere(dist).find((d) => d.declaration.version);
  const version = pinned?.declaration.version ?? '<version>';
  const requirement = `${dist}==${version}`;
  const where = pinned ? ` (the version ${pinned.declaration.file} pins)` : '';
  const elsewhere = scopes.declaredAnywhere(dist)[0]?.declaration.file;
  let what: string;
  if (!scopes.hasManifest) {
    const others =
      importers > 2
        ? `; ${importers - 1} other files import it too`
        : importers === 2
          ? '; 1 other file imports it too'
          : '';
    what = `imports '${resolution.importName}'${named} but the repository has no dependency manifest (requirements.txt, pyproject.toml, environment.yml, ...)${others}`;
  } else if (stdlibGap) {
    const { presentIn, missingIn, target } = stdlibGap;
    const stdlib = `is in the standard library only in Python ${formatMinors(presentIn)}`;
    what = `imports '${resolution.importName}', which ${stdlib}, and the project targets Python ${formatMinors(target.minors)} (${target.source}); on ${formatMinors(missingIn)} no manifest provides it`;
  } else if (missing.misnamed) {
    what = `imports '${resolution.importName}' but the manifest declares '${resolution.importName}', which is not the distribution that provides it (${describeDistributions(resolution)})`;
  } else if (elsewhere) {
    what = `imports '${resolution.importName}'${named} but no manifest for this folder declares it (only ${elsewhere} does)`;
  } else {
    what = `imports '${resolution.importName}'${named} but no manifest declares it`;
  }
  if (missing.record.guarded) what += ' (an optional import, guarded by try/except ImportError)';
  const manifest = scopes.nearestManifest(file);
  const away = manifest && !manifest.beside ? ' (the nearest manifest; this folder has none)' : '';
  const fix =
    resolution.known || !stdlibGap
      ? `${additionHint(requirement, manifest)}${where || away}`
      : 'guard the import or raise the minimum Python version';
  return { message: `${what}; ${fix}`, fix };
}
