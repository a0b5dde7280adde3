// setup.py, read statically: `setup(install_requires=[...], extras_require={...})` where the
// value is a literal list, a module-level variable holding one, or a `+` of those. A computed
// value (a call, a comprehension, reading a file) is not a declaration here: the file it reads
// is checked on its own.
import type { Node, Tree } from 'web-tree-sitter';
import { declarePypi } from './declare.js';
import type { Declaration, ManifestProblem } from './model.js';
import { moduleAssignments, staticString, staticStringList } from './python-literals.js';
import { analyzeRequirement } from './requirement-spec.js';

export interface SetupPyResult {
  declarations: Declaration[];
  problems: ManifestProblem[];
}

export function parseSetupPy(file: string, tree: Tree): SetupPyResult {
  const result: SetupPyResult = { declarations: [], problems: [] };
  const root = tree.rootNode;
  for (const call of root.descendantsOfType('call')) {
    if (!call) continue;
    const callee = call.childForFieldName('function');
    const name =
      callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
    if (name !== 'setup') continue;
    const args = call.childForFieldName('arguments');
    if (!args) continue;
    const assignments = moduleAssignments(root, call.startIndex);
    const resolve = (id: string): Node | undefined => assignments.get(id);
    for (const argument of args.namedChildren) {
      if (argument.type !== 'keyword_argument') continue;
      const key = argument.childForFieldName('name')?.text;
      const value = argument.childForFieldName('value');
      if (!value) continue;
      if (key === 'install_requires') addList(result, file, value, resolve);
      if (key === 'extras_require') addExtras(result, file, value, resolve);
    }
  }
  return result;
}

function addList(
  result: SetupPyResult,
  file: string,
  value: Node,
  resolve: (id: string) => Node | undefined,
  group?: string,
): void {
  const items = staticStringList(value, resolve);
  if (!items) return;
  for (const item of items) {
    // A list item may hold several requirements, one a line (setuptools splits on newlines).
    const lines = item.value.split('\n');
    lines.forEach((text, index) => {
      if (text.trim() === '' || text.trim().startsWith('#')) return;
      const analysis = analyzeRequirement(text);
      const row = item.node.startPosition.row + index;
      const column =
        index === 0 ? item.node.startPosition.column + 2 + analysis.offset : 1 + analysis.offset;
      if (analysis.kind === 'invalid') {
        result.problems.push({
          file,
          line: row + 1,
          column,
          message: `invalid requirement "${text.trim()}": ${analysis.error}`,
        });
        return;
      }
      const site = {
        file,
        line: row + 1,
        column,
        source: 'setup.py' as const,
        ...(group ? { group } : {}),
      };
      const declaration = declarePypi(analysis, site);
      if (declaration) result.declarations.push(declaration);
    });
  }
}

function addExtras(
  result: SetupPyResult,
  file: string,
  value: Node,
  resolve: (id: string) => Node | undefined,
): void {
  const dict = value.type === 'identifier' ? resolve(value.text) : value;
  if (dict?.type !== 'dictionary') return;
  for (const pair of dict.namedChildren) {
    if (pair.type !== 'pair') continue;
    const key = pair.childForFieldName('key');
    const list = pair.childForFieldName('value');
    const group = key ? staticString(key) : undefined;
    if (group === undefined || !list) continue;
    addList(result, file, list, resolve, group);
  }
}
