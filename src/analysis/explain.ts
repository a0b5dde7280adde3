// The `--explain` view of the separation check: which role each module got and why, and the size
// of the import graph it was judged on.
import type { RuleContext } from '../engine/types.js';
import { importGraphFor } from './graph.js';
import { rolesFor, type Role, type RoleAssignment, type RolePatterns } from './roles.js';

export interface RoleExplanation {
  roles: RoleAssignment[];
  counts: Record<Role, number>;
  modules: number;
  edges: number;
}

const LABEL: Record<Role, string> = {
  predict: 'serving',
  train: 'training',
  test: 'test',
  notebook: 'notebook',
  none: 'other',
};

export function explainSeparationRoles(
  ctx: RuleContext<unknown>,
  patterns: RolePatterns,
): RoleExplanation {
  const roles = [...rolesFor(ctx, patterns).values()].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
  );
  const counts: Record<Role, number> = { predict: 0, train: 0, test: 0, notebook: 0, none: 0 };
  for (const r of roles) counts[r.role]++;
  const graph = importGraphFor(ctx);
  const edges = graph.buildAll();
  return { roles, counts, modules: roles.length, edges };
}

/** Text lines: serving and training modules with their reasons, then counts of the rest. */
export function formatRoleExplanation(explanation: RoleExplanation): string[] {
  const lines = ['train-predict-separation: module roles'];
  for (const role of ['predict', 'train'] as const) {
    for (const r of explanation.roles.filter((x) => x.role === role)) {
      const where = r.evidence ? ` (line ${r.evidence.line})` : '';
      lines.push(`  ${LABEL[role].padEnd(8)} ${r.file}: ${r.reason}${where}`);
    }
  }
  if (explanation.counts.predict === 0) {
    lines.push(
      '  no serving module found: set `predict` patterns in the rule options to name yours',
    );
  }
  const { counts } = explanation;
  lines.push(
    `  ${counts.test} test, ${counts.notebook} notebook and ${counts.none} other module(s); import graph: ${explanation.modules} modules, ${explanation.edges} edges within the repository`,
  );
  return lines;
}
