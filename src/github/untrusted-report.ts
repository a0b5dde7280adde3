// The JSON report of a fork's pull request, as a `workflow_run` job downloads it: data written
// by a workflow the PR's author controls. It is read under a size cap, validated against a
// strict schema (every string bounded, paths relative and inside the repository, links https),
// and rebuilt into a RunResult from the validated fields only; counts and the verdict are
// recomputed, and the reporters escape every string they render.
import { readFile, stat } from 'node:fs/promises';
import { compileSchema } from '../config/ajv.js';
import { RULE_ID } from '../config/merge.js';
import { verdict } from '../engine/filters.js';
import type { Counts, RunResult, SkippedFile } from '../engine/result.js';
import type { Finding } from '../engine/types.js';
import { JSON_FORMAT_VERSION } from '../report/json.js';

export const MAX_REPORT_BYTES = 32 * 1024 * 1024;
export const MAX_REPORT_FINDINGS = 20_000;

export class UntrustedReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UntrustedReportError';
  }
}

const text = (max: number) => ({ type: 'string', maxLength: max });
const count = { type: 'integer', minimum: 0, maximum: 100_000_000 };
const position = { type: 'integer', minimum: 1, maximum: 100_000_000 };
const optionalPosition = { anyOf: [position, { type: 'null' }] };
/** Relative, `/`-separated, no `..`, no control characters, no leading `/` or drive letter. */
const SAFE_PATH =
  '^(?![A-Za-z]:)(?!/)(?!.*(?:^|/)\\.\\.(?:/|$))[^\\u0000-\\u001f\\u007f\\\\]{1,1024}$';

const FINDING = {
  type: 'object',
  required: ['ruleId', 'severity', 'message', 'file', 'line', 'help', 'fingerprint'],
  properties: {
    ruleId: { type: 'string', maxLength: 200, pattern: RULE_ID.source },
    severity: { enum: ['error', 'warning', 'note'] },
    message: text(10_000),
    file: { anyOf: [{ type: 'string', pattern: SAFE_PATH }, { type: 'null' }] },
    line: position,
    column: optionalPosition,
    endLine: optionalPosition,
    endColumn: optionalPosition,
    cell: {
      anyOf: [
        {
          type: 'object',
          required: ['index', 'line'],
          properties: { index: position, line: position },
        },
        { type: 'null' },
      ],
    },
    help: text(10_000),
    helpUri: {
      anyOf: [
        { type: 'string', maxLength: 2000, pattern: '^https://[^\\s()<>]+$' },
        { type: 'null' },
      ],
    },
    fingerprint: { type: 'string', pattern: '^[0-9A-Za-z_-]{1,128}$' },
  },
};

const REPORT_SCHEMA = {
  type: 'object',
  required: ['version', 'tool', 'failOn', 'scope', 'counts', 'findings'],
  properties: {
    version: { const: JSON_FORMAT_VERSION },
    tool: {
      type: 'object',
      required: ['name', 'version'],
      properties: {
        name: { const: 'handoff-gate' },
        version: { type: 'string', pattern: '^[0-9A-Za-z.+-]{1,50}$' },
      },
    },
    failOn: { enum: ['error', 'warning', 'never'] },
    scope: { enum: ['all', 'changed-files', 'changed-lines'] },
    configSource: text(1000),
    counts: {
      type: 'object',
      required: ['suppressed', 'baselined', 'outOfScope'],
      properties: {
        error: count,
        warning: count,
        note: count,
        suppressed: count,
        baselined: count,
        outOfScope: count,
      },
    },
    filesScanned: count,
    durationMs: { type: 'number', minimum: 0, maximum: 1e10 },
    findings: { type: 'array', maxItems: MAX_REPORT_FINDINGS, items: FINDING },
    skipped: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        required: ['path', 'reason'],
        properties: {
          path: { type: 'string', pattern: SAFE_PATH },
          reason: { enum: ['binary', 'too-large', 'symlink', 'unreadable', 'outside-workspace'] },
          size: { anyOf: [count, { type: 'null' }] },
        },
      },
    },
    notices: { type: 'array', maxItems: 50, items: text(4000) },
  },
};

interface ReportData {
  tool: { version: string };
  failOn: RunResult['failOn'];
  scope: RunResult['scope'];
  configSource?: string;
  counts: Pick<Counts, 'suppressed' | 'baselined' | 'outOfScope'>;
  filesScanned?: number;
  durationMs?: number;
  findings: {
    ruleId: string;
    severity: Finding['severity'];
    message: string;
    file: string | null;
    line: number;
    column?: number | null;
    endLine?: number | null;
    endColumn?: number | null;
    cell?: { index: number; line: number } | null;
    help: string;
    helpUri?: string | null;
    fingerprint: string;
  }[];
  skipped?: { path: string; reason: SkippedFile['reason']; size?: number | null }[];
  notices?: string[];
}

/** Read, validate and rebuild a report file; every problem is an UntrustedReportError. */
export async function readUntrustedReport(path: string, root: string): Promise<RunResult> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UntrustedReportError(`the report ${path} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof UntrustedReportError) throw error;
    throw new UntrustedReportError(
      `the report ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); did the artifact download?`,
    );
  }
  if (size > MAX_REPORT_BYTES) {
    throw new UntrustedReportError(
      `the report is ${size} bytes; the limit is ${MAX_REPORT_BYTES} bytes`,
    );
  }
  return parseUntrustedReport(await readFile(path, 'utf8'), root);
}

export function parseUntrustedReport(textValue: string, root: string): RunResult {
  let value: unknown;
  try {
    value = JSON.parse(textValue);
  } catch (error) {
    throw new UntrustedReportError(
      `the report is not JSON: ${error instanceof Error ? error.message.slice(0, 200) : 'parse error'}`,
    );
  }
  const validate = compileSchema(REPORT_SCHEMA, { useDefaults: false });
  if (!validate(value)) {
    const problems = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'}`);
    throw new UntrustedReportError(
      `the report does not have the handoff-gate JSON report shape (version ${JSON_FORMAT_VERSION}): ${problems.join('; ')}`,
    );
  }
  return rebuild(value as ReportData, root);
}

function rebuild(data: ReportData, root: string): RunResult {
  const findings: Finding[] = data.findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file ?? '',
    line: f.line,
    ...(f.column ? { column: f.column } : {}),
    ...(f.endLine ? { endLine: f.endLine } : {}),
    ...(f.endColumn ? { endColumn: f.endColumn } : {}),
    ...(f.cell ? { cell: { index: f.cell.index, line: f.cell.line } } : {}),
    help: f.help,
    ...(f.helpUri ? { helpUri: f.helpUri } : {}),
    fingerprint: f.fingerprint,
  }));
  // The counts that decide the verdict come from the findings themselves, not the claimed ones.
  const counts: Counts = {
    error: findings.filter((f) => f.severity === 'error').length,
    warning: findings.filter((f) => f.severity === 'warning').length,
    note: findings.filter((f) => f.severity === 'note').length,
    suppressed: data.counts.suppressed,
    baselined: data.counts.baselined,
    outOfScope: data.counts.outOfScope,
  };
  return {
    version: data.tool.version,
    root,
    findings,
    filtered: [],
    counts,
    // Rule metadata is not taken from the artifact: its titles and advice would be untrusted.
    rules: [],
    skipped: (data.skipped ?? []).map((s) => ({
      path: s.path,
      reason: s.reason,
      ...(typeof s.size === 'number' ? { size: s.size } : {}),
    })),
    filesScanned: data.filesScanned ?? 0,
    durationMs: data.durationMs ?? 0,
    scope: data.scope,
    failOn: data.failOn,
    passed: verdict(counts, data.failOn),
    configSource: data.configSource ?? 'unknown',
    notices: [...(data.notices ?? [])],
  };
}

/**
 * The pull request number the unprivileged job wrote beside its report (`pr-number`), or
 * undefined when there is none. Digits only, a few bytes: anything else is refused.
 */
export async function readPullNumberFile(path: string): Promise<number | undefined> {
  let content: string;
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > 64) {
      throw new UntrustedReportError(`${path} is not a small file holding a pull request number`);
    }
    content = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UntrustedReportError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UntrustedReportError(`${path} cannot be read`);
  }
  const trimmed = content.trim();
  if (!/^[1-9]\d{0,9}$/.test(trimmed)) {
    throw new UntrustedReportError(`${path} does not hold a pull request number`);
  }
  return Number(trimmed);
}
