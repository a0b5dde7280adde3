// GitHub Actions: `uses:` in workflow steps and job-level reusable workflows (and in composite
// actions' `runs.steps`). Pinned means a full 40-character commit SHA (or an image digest).
import { isMap, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import { base } from './declare.js';
import { parseImageReference } from './docker-image.js';
import type { Declaration, Position } from './model.js';

type Locate = (offset: number) => Position;

export function workflowDeclarations(
  file: string,
  doc: Document.Parsed,
  locate: Locate,
): Declaration[] {
  const declarations: Declaration[] = [];
  const root = doc.contents;
  if (!isMap(root)) return declarations;
  const visitSteps = (steps: unknown): void => {
    if (!isSeq(steps)) return;
    for (const step of steps.items) if (isMap(step)) addUses(declarations, file, step, locate);
  };
  const jobs = root.get('jobs', true);
  if (isMap(jobs)) {
    for (const pair of jobs.items) {
      const job = pair.value;
      if (!isMap(job)) continue;
      addUses(declarations, file, job, locate);
      visitSteps(job.get('steps', true));
    }
  }
  const runs = root.get('runs', true);
  if (isMap(runs)) visitSteps(runs.get('steps', true));
  return declarations;
}

function addUses(declarations: Declaration[], file: string, node: YAMLMap, locate: Locate): void {
  const uses = node.get('uses', true);
  if (!isScalar(uses) || typeof uses.value !== 'string') return;
  const value = uses.value.trim();
  // Local actions live in the repository; expressions cannot be judged statically.
  if (value.startsWith('./') || value.startsWith('.\\') || value.includes('${{')) return;
  const at = locate(uses.range?.[0] ?? 0);
  const site = { file, line: at.line, column: at.column, source: 'workflow' as const };
  if (value.startsWith('docker://')) {
    const ref = parseImageReference(value.slice('docker://'.length));
    const declaration = base(ref.name, site, 'docker');
    declaration.specifier = ref.digest ? `@${ref.digest}` : ref.tag ? `:${ref.tag}` : '';
    declaration.pinned = !!ref.digest;
    if (ref.digest) declaration.hashed = true;
    else {
      declaration.why = `container action ${value} has no @sha256 digest`;
      declaration.suggestion = `pin the digest: docker://${ref.name}@sha256:<digest>`;
    }
    declarations.push(declaration);
    return;
  }
  const at2 = value.lastIndexOf('@');
  const name = at2 >= 0 ? value.slice(0, at2) : value;
  const ref = at2 >= 0 ? value.slice(at2 + 1) : '';
  const declaration = base(name, site, 'github-action');
  declaration.specifier = ref ? `@${ref}` : '';
  if (/^[0-9a-f]{40}$/i.test(ref)) {
    declaration.pinned = true;
    declaration.hashed = true;
    declaration.version = ref;
  } else {
    declaration.why = ref
      ? /^v?\d/.test(ref)
        ? `action ${name} is pinned to tag ${ref}, which its owner can move`
        : `action ${name} follows branch ${ref}`
      : `action ${name} has no ref`;
    declaration.suggestion = `pin a full commit SHA: uses: ${name}@<40-character SHA>${ref ? ` # ${ref}` : ''}`;
  }
  declarations.push(declaration);
}
