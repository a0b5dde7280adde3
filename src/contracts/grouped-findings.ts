// Findings of the contract checks, merged across models: a schema file or an example shared by
// several models is one problem, so it is reported once, naming every contract that shares it,
// instead of once per model.
import type { RuleContext, Severity } from '../engine/types.js';
import type { Place } from './schema-source.js';
import type { ModelContract } from './types.js';

export interface PendingFinding {
  at: Place;
  message: string;
  severity?: Severity;
  related?: string[];
  data?: Record<string, unknown>;
  fix?: string;
}

interface Group {
  finding: PendingFinding;
  models: ModelContract[];
  related: Set<string>;
}

const INLINE = 'inline in the config';

/** `contract "a" (x.yml)`, `contracts "a", "b" (x.yml)`, `contracts "a" (x.yml), "b" (y.yml)`. */
export function contractsLabel(models: readonly ModelContract[]): string {
  const byFile = new Map<string, string[]>();
  for (const model of models) {
    const names = byFile.get(model.file) ?? [];
    if (!names.includes(model.name)) names.push(model.name);
    byFile.set(model.file, names);
  }
  const parts = [...byFile].map(
    ([file, names]) => `${names.map((n) => `"${n}"`).join(', ')} (${file || INLINE})`,
  );
  const count = [...byFile.values()].reduce((sum, names) => sum + names.length, 0);
  return `${count > 1 ? 'contracts' : 'contract'} ${parts.join(', ')}`;
}

export class GroupedFindings {
  private readonly groups = new Map<string, Group>();

  /** Record a finding for a model; the same finding from another model joins it. */
  add(model: ModelContract, finding: PendingFinding): void {
    const { at, severity = '', message } = finding;
    const key = JSON.stringify([at.file, at.line, at.column, severity, message]);
    let group = this.groups.get(key);
    if (!group) {
      group = { finding, models: [], related: new Set() };
      this.groups.set(key, group);
    }
    if (!group.models.some((m) => m.file === model.file && m.index === model.index))
      group.models.push(model);
    for (const file of [model.file, ...(finding.related ?? [])]) group.related.add(file);
  }

  /** A reporter bound to one model, in the shape the checks call. */
  reporterFor(
    model: ModelContract,
  ): (at: Place, message: string, extra?: Omit<PendingFinding, 'at' | 'message'>) => void {
    return (at, message, extra = {}) => this.add(model, { at, message, ...extra });
  }

  /** Report every group once, in the order first seen, and forget them. */
  flush(ctx: RuleContext): void {
    for (const { finding, models, related } of this.groups.values()) {
      const { at } = finding;
      ctx.report({
        file: at.file,
        line: at.line,
        column: at.column,
        message: `${finding.message} — ${contractsLabel(models)}`,
        related: [...related].filter((f) => f && f !== at.file),
        ...(finding.severity ? { severity: finding.severity } : {}),
        ...(finding.data ? { data: finding.data } : {}),
        ...(finding.fix ? { fix: finding.fix } : {}),
      });
    }
    this.groups.clear();
  }
}
