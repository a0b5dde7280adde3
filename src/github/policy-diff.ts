// What a pull request would change in the policy that judges it: the base branch's resolved
// config against the PR's, as short lines a reviewer can check ("hardcoded-paths: error → off").
import type { ResolvedConfig, RuleSettings } from '../config/types.js';
import { formatByteSize } from '../config/size.js';

export function describePolicyChange(base: ResolvedConfig, head: ResolvedConfig): string[] {
  const changes: string[] = [];
  const baseFailOn = base.failOn ?? 'error';
  const headFailOn = head.failOn ?? 'error';
  if (baseFailOn !== headFailOn) changes.push(`fail-on: ${baseFailOn} → ${headFailOn}`);
  if (base.strict !== head.strict) changes.push(`strict: ${base.strict} → ${head.strict}`);
  changes.push(...listChange('paths', base.paths, head.paths));
  changes.push(...listChange('ignore', base.ignore, head.ignore));
  if (base.maxFileSize !== head.maxFileSize) {
    changes.push(
      `max-file-size: ${formatByteSize(base.maxFileSize)} → ${formatByteSize(head.maxFileSize)}`,
    );
  }
  const ids = [...new Set([...base.rules.keys(), ...head.rules.keys()])].sort();
  for (const id of ids) changes.push(...ruleChange(id, base.rules.get(id), head.rules.get(id)));
  if (stable(base.contracts) !== stable(head.contracts)) changes.push('contracts changed');
  return changes;
}

function ruleChange(
  id: string,
  base: RuleSettings | undefined,
  head: RuleSettings | undefined,
): string[] {
  const baseSeverity = base?.severity ?? 'off';
  const headSeverity = head?.severity ?? 'off';
  const changes: string[] = [];
  if (baseSeverity !== headSeverity) changes.push(`${id}: ${baseSeverity} → ${headSeverity}`);
  // Options and ignores of a rule that is off on both sides change nothing.
  if (baseSeverity === 'off' && headSeverity === 'off') return changes;
  const baseOptions = base?.options ?? {};
  const headOptions = head?.options ?? {};
  const keys = [...new Set([...Object.keys(baseOptions), ...Object.keys(headOptions)])].sort();
  for (const key of keys) {
    const before = stable(baseOptions[key]);
    const after = stable(headOptions[key]);
    if (before !== after) {
      changes.push(`${id} option ${key}: ${short(before)} → ${short(after)}`);
    }
  }
  changes.push(...listChange(`${id} ignore`, base?.ignore ?? [], head?.ignore ?? []));
  return changes;
}

function listChange(label: string, base: readonly string[], head: readonly string[]): string[] {
  const added = head.filter((item) => !base.includes(item));
  const removed = base.filter((item) => !head.includes(item));
  const changes: string[] = [];
  if (added.length) changes.push(`${label}: adds ${added.map((g) => `\`${g}\``).join(', ')}`);
  if (removed.length) {
    changes.push(`${label}: removes ${removed.map((g) => `\`${g}\``).join(', ')}`);
  }
  return changes;
}

/** JSON with sorted keys, so key order never reads as a change. */
function stable(value: unknown): string {
  if (value === undefined) return 'unset';
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : item,
  );
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
