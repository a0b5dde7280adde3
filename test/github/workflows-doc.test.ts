// The documented workflows stay usable: they parse, pass only inputs action.yml declares, ask
// for the permissions the docs say, and the privileged publish job never checks out code.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKFLOWS = join(ROOT, 'docs/workflows');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const inputs = Object.keys(
  (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> })
    .inputs,
);
const workflow = (name: string) => parse(readFileSync(join(WORKFLOWS, name), 'utf8')) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((job) => job.steps);
const gateSteps = (w: Workflow) =>
  steps(w).filter((step) => step.uses?.startsWith('handoff-gate/handoff-gate@'));

describe('docs/workflows', () => {
  it('pass only inputs the action declares', () => {
    const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yml'));
    expect(files.sort()).toEqual(['fork-check.yml', 'fork-publish.yml', 'handoff.yml']);
    for (const file of files) {
      const gates = gateSteps(workflow(file));
      expect(gates.length, file).toBe(1);
      for (const key of Object.keys(gates[0].with ?? {})) expect(inputs, file).toContain(key);
    }
  });

  it('give each job only the permissions its channels need', () => {
    expect(workflow('handoff.yml').permissions).toEqual({
      contents: 'read',
      checks: 'write',
      'pull-requests': 'write',
    });
    expect(workflow('fork-check.yml').permissions).toEqual({ contents: 'read' });
    expect(workflow('fork-publish.yml').permissions).toEqual({
      actions: 'read',
      checks: 'write',
      'pull-requests': 'write',
    });
  });

  it('run the unprivileged half on pull_request and never check out code in the privileged half', () => {
    const check = workflow('fork-check.yml');
    expect(Object.keys(check.on)).toEqual(['pull_request']);
    expect(gateSteps(check)[0].with).toMatchObject({
      'json-file': 'handoff-report/report.json',
      'check-run': 'false',
      comment: 'false',
    });
    // The PR number reaches the shell through an environment variable, never inline.
    const save = steps(check).find((step) => step.run?.includes('pr-number'));
    expect(save?.run).not.toContain('${{');

    const publish = workflow('fork-publish.yml');
    expect(Object.keys(publish.on)).toEqual(['workflow_run']);
    expect(steps(publish).some((step) => step.uses?.startsWith('actions/checkout'))).toBe(false);
    expect(steps(publish).some((step) => step.run !== undefined)).toBe(false);
    expect(gateSteps(publish)[0].with).toEqual({
      mode: 'publish',
      'report-file': 'handoff-report/report.json',
    });
  });

  it('every action input is in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const input of inputs) expect(readme, input).toContain(`| \`${input}\``);
  });
});
