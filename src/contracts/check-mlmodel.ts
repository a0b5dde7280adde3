// MLflow `MLmodel` signatures compared between the PR base and head: inputs as an input schema
// (narrowing breaks callers), outputs as an output schema (widening breaks consumers), params
// as inputs.
import type { RuleContext } from '../engine/types.js';
import { diffSpecs, readMlmodel, type MlflowSignature } from './mlmodel.js';
import { isBreaking, type SchemaChange } from './schema-diff.js';

const PARTS = [
  ['inputs', 'input'],
  ['outputs', 'output'],
  ['params', 'input'],
] as const;

export async function checkMlmodel(ctx: RuleContext, file: string): Promise<void> {
  const text = ctx.sources.text(file);
  if (text === undefined) return;
  const head = readMlmodel(text);
  if ('problem' in head) {
    ctx.report({ file, line: head.problem.line, message: head.problem.message });
    return;
  }
  const baseText = await ctx.base(file);
  if (baseText === undefined || !head.signature) return;
  const base = readMlmodel(baseText);
  if ('problem' in base || !base.signature) return;
  const compatible: SchemaChange[] = [];
  for (const [part, direction] of PARTS) {
    const changes = diffSpecs(part, base.signature[part] ?? [], head.signature[part] ?? []);
    const line = lineOf(head.signature, part);
    for (const change of changes) {
      if (!isBreaking(change, direction)) {
        compatible.push(change);
        continue;
      }
      ctx.report({
        file,
        line,
        message: `breaking MLflow signature change in ${part}: ${change.detail} — ${
          direction === 'input'
            ? 'data the base model accepted is now rejected'
            : 'the model may now return data the base’s consumers reject'
        }`,
        data: { change },
        fix: 'Keep the signature compatible with the base (new columns optional, same or wider input types, same output columns), or register the model as a new version and tell its callers.',
      });
    }
  }
  if (compatible.length) {
    ctx.report({
      file,
      line: head.signature.lines.signature ?? 1,
      severity: 'note',
      message: `${compatible.length} non-breaking MLflow signature change${compatible.length > 1 ? 's' : ''}: ${compatible.map((c) => c.detail).join('; ')}`,
      data: { changes: compatible },
    });
  }
}

function lineOf(signature: MlflowSignature, part: 'inputs' | 'outputs' | 'params'): number {
  return signature.lines[part] ?? signature.lines.signature ?? 1;
}
