// PEP 723 inline script metadata: a `# /// script` … `# ///` comment block holding TOML with
// `dependencies = [...]`, in a `.py` file.
import { parse as parseToml } from 'smol-toml';
import { declarePypi } from './declare.js';
import type { Declaration, ManifestProblem } from './model.js';
import { analyzeRequirement } from './requirement-spec.js';
import { TomlLocator } from './toml-locator.js';

export interface Pep723Result {
  declarations: Declaration[];
  problems: ManifestProblem[];
}

export function pep723Declarations(file: string, text: string): Pep723Result {
  const result: Pep723Result = { declarations: [], problems: [] };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!/^# \/\/\/ script\s*$/.test(lines[i]!)) continue;
    const end = lines.findIndex((line, j) => j > i && /^# \/\/\/\s*$/.test(line));
    if (end < 0) {
      result.problems.push({
        file,
        line: i + 1,
        column: 1,
        message: 'PEP 723 "# /// script" block is never closed by "# ///"',
      });
      return result;
    }
    const body = lines.slice(i + 1, end);
    if (!body.every((line) => line === '#' || line.startsWith('# '))) {
      result.problems.push({
        file,
        line: i + 1,
        column: 1,
        message: 'PEP 723 block lines must each start with "#"',
      });
      return result;
    }
    const content = body.map((line) => line.slice(2)).join('\n');
    let value: Record<string, unknown>;
    try {
      value = parseToml(content) as Record<string, unknown>;
    } catch (error) {
      const line = (error as { line?: number }).line ?? 1;
      result.problems.push({
        file,
        line: i + 1 + line,
        column: 1,
        message: `PEP 723 metadata is not valid TOML: ${firstLine(error)}`,
      });
      return result;
    }
    const deps = value['dependencies'];
    if (!Array.isArray(deps)) return result;
    const locator = new TomlLocator(content);
    deps.forEach((dep, index) => {
      if (typeof dep !== 'string') return;
      const where = locator.get(['dependencies', index])?.value?.start ?? { line: 1, column: 1 };
      const analysis = analyzeRequirement(dep);
      const line = i + 1 + where.line;
      const column = where.column + 2 + 1 + analysis.offset;
      if (analysis.kind === 'invalid') {
        result.problems.push({
          file,
          line,
          column,
          message: `invalid requirement "${dep}": ${analysis.error}`,
        });
        return;
      }
      const declaration = declarePypi(analysis, { file, line, column, source: 'pep723' });
      if (declaration) result.declarations.push(declaration);
    });
    return result;
  }
  return result;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
