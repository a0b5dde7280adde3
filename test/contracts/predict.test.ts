import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSchema, type CompiledSchema } from '../../src/contracts/json-schema.js';
import { runPredictions, type PredictionInput } from '../../src/contracts/predict.js';
import { runCommand, scrubbedEnv } from '../../src/contracts/process.js';
import type { PredictDecl } from '../../src/contracts/types.js';

const NODE = process.execPath;
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'handoff-predict-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function predict(script: string, extra: Partial<PredictDecl> = {}): PredictDecl {
  return {
    argv: [NODE, '-e', script],
    mode: 'per-example',
    timeoutMs: 5000,
    maxOutput: 1024 * 1024,
    cwd: '.',
    env: {},
    allowPullRequestTarget: false,
    at: { file: 'handoff.contract.yml', line: 9, column: 7 },
    ...extra,
  };
}

function inputs(...values: unknown[]): PredictionInput[] {
  return values.map((value, i) => ({
    file: 'examples/rows.jsonl',
    record: {
      name: `examples/rows.jsonl line ${i + 1}`,
      value,
      at: { line: i + 1, column: 1 },
      locate: () => ({ line: i + 1, column: 1 }),
    },
  }));
}

const OUTPUT: CompiledSchema = (() => {
  const result = compileSchema(
    { type: 'object', required: ['score'], properties: { score: { type: 'number', maximum: 1 } } },
    'out.json',
    () => undefined,
  );
  if ('problems' in result) throw new Error('schema');
  return result.compiled;
})();

// Reads stdin, answers with the score the example asks for.
const ECHO_SCORE =
  "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const x=JSON.parse(s);console.log(JSON.stringify({score:x.score}))})";

describe('runPredictions', () => {
  it('validates each output against the output schema and names the example', async () => {
    const run = await runPredictions(
      root,
      predict(ECHO_SCORE),
      inputs({ score: 0.5 }, { score: 3 }),
      OUTPUT,
      50,
    );
    expect(run.ran).toBe(2);
    expect(run.failures).toEqual([
      {
        file: 'examples/rows.jsonl',
        at: { line: 2, column: 1 },
        message:
          'output for example `examples/rows.jsonl line 2` does not match the output schema: /score must be <= 1 (got 3)',
      },
    ]);
  });

  it('reports a crash with the exit status and the tail of stderr', async () => {
    const script =
      "console.error('loading model.pkl');console.error('Traceback: KeyError: income');process.exit(3)";
    const run = await runPredictions(root, predict(script), inputs({ score: 1 }), OUTPUT, 50);
    expect(run.failures[0].message).toBe(
      'prediction command exited with status 3 on example `examples/rows.jsonl line 1`; stderr: loading model.pkl\nTraceback: KeyError: income',
    );
  });

  it('reports output that is not JSON', async () => {
    const run = await runPredictions(
      root,
      predict("console.log('prediction: 0.7 (debug)')"),
      inputs({ score: 1 }),
      OUTPUT,
      50,
    );
    expect(run.failures[0].message).toBe(
      'prediction command printed output that is not JSON for example `examples/rows.jsonl line 1`: "prediction: 0.7 (debug)"',
    );
  });

  it('kills a command that hangs, with everything it started, and does not retry the others', async () => {
    const marker = join(root, 'grandchild-survived');
    // The command starts a grandchild that would write a file after 3 s, then hangs itself.
    const grandchild = `setTimeout(() => require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'), 3000)`;
    const script = `require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'ignore' }); setInterval(() => {}, 1000)`;
    const started = Date.now();
    const run = await runPredictions(
      root,
      predict(script, { timeoutMs: 800 }),
      inputs({ score: 1 }, { score: 1 }, { score: 1 }),
      OUTPUT,
      50,
    );
    expect(Date.now() - started).toBeLessThan(4000);
    expect(run.failures).toHaveLength(1);
    expect(run.failures[0].message).toMatch(
      /^prediction command did not finish within 0\.8 s and was killed on example `examples\/rows.jsonl line 1`/,
    );
    expect(run.notRun).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(existsSync(marker)).toBe(false);
  });

  it('caps output and kills the command beyond it', async () => {
    const run = await runPredictions(
      root,
      predict("process.stdout.write('x'.repeat(1e6)); setInterval(()=>{},1000)", {
        maxOutput: 1000,
      }),
      inputs({}),
      undefined,
      50,
    );
    expect(run.failures[0].message).toMatch(/printed more than 1000 bytes and was killed/);
  });

  it('runs a batch in one process and maps outputs back to examples', async () => {
    const script =
      "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.stringify(JSON.parse(s).map(x=>({score:x.score})))))";
    const run = await runPredictions(
      root,
      predict(script, { mode: 'batch' }),
      inputs({ score: 0.1 }, { score: 9 }),
      OUTPUT,
      50,
    );
    expect(run.ran).toBe(2);
    expect(run.failures.map((f) => f.at.line)).toEqual([2]);
    const short = await runPredictions(
      root,
      predict("console.log('[]')", { mode: 'batch' }),
      inputs({}, {}),
      OUTPUT,
      50,
    );
    expect(short.failures[0].message).toBe(
      'prediction command (batch) printed 0 outputs for 2 examples',
    );
    const notArray = await runPredictions(
      root,
      predict("console.log('{}')", { mode: 'batch' }),
      inputs({}),
      OUTPUT,
      50,
    );
    expect(notArray.failures[0].message).toMatch(/did not print a JSON array/);
  });

  it('stops at the cap and says how many were not run', async () => {
    const run = await runPredictions(
      root,
      predict(ECHO_SCORE),
      inputs({ score: 0 }, { score: 0 }, { score: 0 }),
      OUTPUT,
      1,
    );
    expect([run.ran, run.notRun]).toEqual([1, 2]);
  });

  it('says so when the command cannot start', async () => {
    const run = await runPredictions(
      root,
      { ...predict(''), argv: ['definitely-not-a-command-xyz'] },
      inputs({}, {}),
      OUTPUT,
      50,
    );
    expect(run.failures).toHaveLength(1);
    expect(run.failures[0].message).toMatch(/could not start: .*ENOENT/);
    expect(run.notRun).toBe(1);
  });
});

describe('runCommand environment', () => {
  it('passes only PATH, HOME, LANG and the contract’s literal variables', async () => {
    const saved = { ...process.env };
    process.env.GITHUB_TOKEN = 'ghs_secret';
    process.env.ACTIONS_RUNTIME_TOKEN = 'runtime-secret';
    process.env.AWS_SECRET_ACCESS_KEY = 'aws';
    try {
      const result = await runCommand(
        [NODE, '-e', 'console.log(JSON.stringify(Object.keys(process.env).sort()))'],
        {
          cwd: root,
          timeoutMs: 5000,
          maxOutput: 10000,
          env: { PYTHONPATH: 'src' },
        },
      );
      const names = JSON.parse(result.stdout) as string[];
      expect(names.filter((n) => !['PATH', 'HOME', 'LANG', 'PYTHONPATH'].includes(n))).toEqual([]);
      expect(names).toContain('PYTHONPATH');
      expect(Object.keys(scrubbedEnv())).not.toContain('GITHUB_TOKEN');
    } finally {
      process.env = saved;
    }
  });

  it('does not fail when the command ignores stdin', async () => {
    const result = await runCommand([NODE, '-e', 'process.stdout.write("ok")'], {
      cwd: root,
      input: 'x'.repeat(1 << 20),
      timeoutMs: 5000,
      maxOutput: 100,
    });
    expect([result.exitCode, result.stdout]).toEqual([0, 'ok']);
  });

  it('keeps only the tail of a huge stderr', async () => {
    const result = await runCommand(
      [NODE, '-e', "process.stderr.write('a'.repeat(100000)+'END')"],
      { cwd: root, timeoutMs: 5000, maxOutput: 100 },
    );
    expect(result.stderrTail.length).toBeLessThanOrEqual(4096);
    expect(result.stderrTail.endsWith('END')).toBe(true);
  });
});
