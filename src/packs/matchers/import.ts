// `import`: imports of a module or any of its submodules, read from the same import extraction
// the separation gate uses (statements, `from x import y`, `importlib.import_module("x")`, in
// functions and notebook cells too). `sklearn.model_selection` matches
// `import sklearn.model_selection.split`, `from sklearn.model_selection import KFold` and
// `from sklearn import model_selection`. Imports under `if TYPE_CHECKING:` never run and are
// skipped, as are relative imports (the repository's own modules). Capture: `module`.
import { scannedImportsOf, type ScannedImport } from '../../analysis/imports.js';
import type { KeyPath } from '../../config/types.js';
import type { CodeUnit } from '../../engine/types.js';
import type { Match } from '../match.js';
import { codeUnits, isCodeFile } from '../python-code.js';
import {
  MAX_MATCHES_PER_FILE,
  report,
  stringList,
  type CompileEnv,
  type Matcher,
} from './types.js';

const MODULE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function compileImportMatcher(
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
): Matcher | undefined {
  const modules = stringList(value).map((m) => m.trim());
  const bad = modules.findIndex((m) => !MODULE.test(m));
  if (bad !== -1) {
    report(
      env,
      typeof value === 'string' ? path : [...path, bad],
      `'${modules[bad]}' is not a module name: write a dotted Python module such as sklearn.model_selection`,
    );
    return undefined;
  }
  return {
    captures: new Set(['module']),
    reads: 'code',
    async match(ctx, file) {
      if (!isCodeFile(file)) return [];
      const found: Match[] = [];
      const units = codeUnits(ctx, file);
      const lines = new Map<CodeUnit, string[]>();
      const linesOf = (unit: CodeUnit) => {
        let split = lines.get(unit);
        if (!split) lines.set(unit, (split = unit.text.split('\n')));
        return split;
      };
      for (const record of scannedImportsOf(ctx, file)) {
        const imported = importedModule(record, modules);
        if (imported === undefined) continue;
        const match = importMatch(file, record, units, linesOf, imported);
        if (match) found.push(match);
        if (found.length >= MAX_MATCHES_PER_FILE) break;
      }
      return found;
    },
  };
}

/** The full module name the record imports that falls under one of `modules`, if any. */
function importedModule(record: ScannedImport, modules: readonly string[]): string | undefined {
  if (record.typeOnly || record.level > 0) return undefined;
  if (record.kind !== 'import' && record.kind !== 'from' && record.kind !== 'importlib')
    return undefined;
  const under = (name: string) => modules.some((m) => name === m || name.startsWith(`${m}.`));
  if (under(record.module)) return record.module;
  // `from a import b` may import the submodule `a.b`.
  if (record.kind !== 'from') return undefined;
  return record.names
    .map((name) => `${record.module}.${name}`)
    .find((name) => !name.endsWith('.*') && under(name));
}

/** The import's line as a span in its code unit, so composition can compare it with other matches. */
function importMatch(
  file: string,
  record: ScannedImport,
  units: CodeUnit[],
  linesOf: (unit: CodeUnit) => string[],
  module: string,
): Match | undefined {
  const { location } = record;
  const unit = location.cell
    ? units.find((u) => u.cellIndex === location.cell!.index)
    : units.find((u) => u.cellIndex === undefined);
  if (!unit) return undefined;
  const row = location.cell ? location.cell.line - 1 : location.line - 1;
  const line = linesOf(unit)[row] ?? '';
  const indent = line.length - line.trimStart().length;
  return {
    file,
    unit,
    span: { startRow: row, startColumn: indent, endRow: row, endColumn: line.trimEnd().length },
    captures: { module },
  };
}
