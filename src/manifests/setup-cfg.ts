// setup.cfg (INI): `[options] install_requires` and `[options.extras_require]`, each requirement
// on its own (indented continuation) line, or `;`-separated on the key's line.
import { declarePypi } from './declare.js';
import type { Declaration, ManifestProblem } from './model.js';
import { analyzeRequirement } from './requirement-spec.js';

export interface SetupCfgResult {
  declarations: Declaration[];
  problems: ManifestProblem[];
}

interface IniValue {
  section: string;
  key: string;
  /** Each value line with its 1-based line and the column where its text starts. */
  lines: { text: string; line: number; column: number }[];
}

/** A tolerant INI reader that keeps the position of every value line. */
export function readIni(text: string): IniValue[] {
  const values: IniValue[] = [];
  let section = '';
  let current: IniValue | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') return;
    if (/^\s/.test(raw) && current) {
      const body = raw.trim();
      current.lines.push({ text: body, line, column: raw.indexOf(body) + 1 });
      return;
    }
    const header = /^\[([^\]]+)\]/.exec(raw);
    if (header) {
      section = header[1]!.trim();
      current = undefined;
      return;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!pair) {
      current = undefined;
      return;
    }
    current = { section, key: pair[1]!.trim(), lines: [] };
    const rest = pair[2]!.trim();
    if (rest !== '') current.lines.push({ text: rest, line, column: raw.lastIndexOf(rest) + 1 });
    values.push(current);
  });
  return values;
}

const MARKER_AFTER_SEMICOLON =
  /;\s*(python_version|python_full_version|sys_platform|platform_|os_name|implementation_|extra\b)/;

export function parseSetupCfg(file: string, text: string): SetupCfgResult {
  const result: SetupCfgResult = { declarations: [], problems: [] };
  for (const value of readIni(text)) {
    let group: string | undefined;
    if (value.section === 'options' && value.key === 'install_requires') group = undefined;
    else if (value.section === 'options.extras_require') group = value.key;
    else continue;
    for (const entry of value.lines) {
      const body = entry.text.replace(/\s+#.*$/, '');
      if (body.startsWith('file:') || body.startsWith('attr:')) continue;
      // `a; b` on one line is a list; `a; python_version < "3"` is one requirement with a marker.
      const parts = MARKER_AFTER_SEMICOLON.test(body) ? [body] : body.split(';');
      let offset = 0;
      for (const part of parts) {
        const analysis = analyzeRequirement(part);
        const column = entry.column + offset + analysis.offset;
        offset += part.length + 1;
        if (part.trim() === '') continue;
        if (analysis.kind === 'invalid') {
          result.problems.push({
            file,
            line: entry.line,
            column,
            message: `invalid requirement "${part.trim()}": ${analysis.error}`,
          });
          continue;
        }
        const site = {
          file,
          line: entry.line,
          column,
          source: 'setup.cfg' as const,
          ...(group ? { group } : {}),
        };
        const declaration = declarePypi(analysis, site);
        if (declaration) result.declarations.push(declaration);
      }
    }
  }
  return result;
}
