// Run a command from a contract (PR code): no shell, a scrubbed environment (PATH, HOME and
// LANG only — no tokens, no ACTIONS_* or GITHUB_* variables), its own process group so a
// timeout kills every child it started, and a cap on what it may print.
import { spawn } from 'node:child_process';

export interface CommandOptions {
  /** Absolute working directory. */
  cwd: string;
  /** Written to stdin, then stdin is closed. */
  input?: string;
  timeoutMs: number;
  /** Bytes of stdout allowed; the process group is killed beyond it. */
  maxOutput: number;
  /** Literal extra variables from the contract. */
  env?: Record<string, string>;
}

export interface CommandResult {
  /** Exit status, or undefined when killed or not started. */
  exitCode?: number;
  signal?: string;
  stdout: string;
  /** The last few KiB of stderr. */
  stderrTail: string;
  timedOut: boolean;
  outputExceeded: boolean;
  /** Set when the command could not start (missing executable, bad cwd). */
  spawnError?: string;
  durationMs: number;
}

const STDERR_TAIL = 4096;
const PASSED_VARIABLES = ['PATH', 'HOME', 'LANG'];

/** The only environment PR code gets. */
export function scrubbedEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  // Contract variables are literal values written in the repository, so they cannot carry the
  // runner's secrets; they may set PYTHONPATH and the like.
  return { ...env, ...extra };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // A negative pid signals the whole process group the command started.
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

export function runCommand(argv: string[], options: CommandOptions): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let stdout = Buffer.alloc(0);
    let stderr = '';
    let timedOut = false;
    let outputExceeded = false;
    let settled = false;
    // Set once the command has started; finish() may run before that (spawn failure).
    const clock: { timer?: ReturnType<typeof setTimeout> } = {};
    const finish = (result: Partial<CommandResult>) => {
      if (settled) return;
      settled = true;
      clearTimeout(clock.timer);
      resolve({
        stdout: stdout.toString('utf8'),
        stderrTail: stderr.slice(-STDERR_TAIL),
        timedOut,
        outputExceeded,
        durationMs: Date.now() - started,
        ...result,
      });
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(argv[0], argv.slice(1), {
        cwd: options.cwd,
        env: scrubbedEnv(options.env),
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
        shell: false,
        windowsHide: true,
      });
    } catch (error) {
      finish({ spawnError: (error as Error).message });
      return;
    }
    clock.timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (outputExceeded) return;
      if (stdout.length + chunk.length > options.maxOutput) {
        stdout = Buffer.concat([stdout, chunk.subarray(0, options.maxOutput - stdout.length)]);
        outputExceeded = true;
        killGroup(child.pid);
        return;
      }
      stdout = Buffer.concat([stdout, chunk]);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL * 2);
    });
    child.on('error', (error) => finish({ spawnError: error.message }));
    child.on('close', (code, signal) => {
      // Children the command left behind in its group die with it.
      killGroup(child.pid);
      finish({ ...(code !== null ? { exitCode: code } : {}), ...(signal ? { signal } : {}) });
    });
    // A command that never reads stdin closes the pipe early: that is not our failure.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(options.input ?? '');
  });
}

/** "exit status 1", "killed after 10 s (timeout)", ... for messages. */
export function describeOutcome(
  result: CommandResult,
  timeoutMs: number,
  maxOutput: number,
): string {
  if (result.spawnError) return `could not start: ${result.spawnError}`;
  if (result.timedOut) return `did not finish within ${formatSeconds(timeoutMs)} and was killed`;
  if (result.outputExceeded) return `printed more than ${maxOutput} bytes and was killed`;
  if (result.signal) return `was killed by ${result.signal}`;
  return `exited with status ${result.exitCode}`;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/** The last lines of stderr, trimmed for a message. */
export function stderrSummary(tail: string, maxLines = 6): string {
  const lines = tail.trimEnd().split('\n').slice(-maxLines);
  const text = lines.join('\n').trim();
  return text ? text : '(no stderr)';
}
