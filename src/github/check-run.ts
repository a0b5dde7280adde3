// The `handoff-gate` check run: the verdict as its conclusion, the counts as its title, the
// Markdown report as its summary (within the API's 65,535 characters), and every finding as an
// annotation on its line. The Checks API takes 50 annotations per request, so the run is
// created with the first 50 and updated with each further 50 (updates append).
import type { RunResult } from '../engine/result.js';
import type { Finding, Severity } from '../engine/types.js';
import { bySeverity, clip, messageWithCell, plural, position, repoPath } from '../report/common.js';
import { formatMarkdown } from '../report/markdown.js';
import type { GitHubClient } from './client.js';
import type { RepoRef } from './event.js';

export const CHECK_RUN_NAME = 'handoff-gate';
/** The Checks API's limit per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/**
 * Annotations per check run. Writes are throttled to about one a second, so this bounds the
 * time a pathological result (a legacy repository on scope `all`) spends annotating to under a
 * minute; the summary says how many were left out and the SARIF file has them all.
 */
export const MAX_CHECK_ANNOTATIONS = 2500;
/** The API's limit on `output.summary`. */
export const CHECK_SUMMARY_MAX_CHARS = 65_535;

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title: string;
  raw_details?: string;
}

const LEVEL: Record<Severity, CheckAnnotation['annotation_level']> = {
  error: 'failure',
  warning: 'warning',
  note: 'notice',
};

export interface CheckRunTarget {
  repo: RepoRef;
  /** The commit the run is attached to: the PR's head commit, or the pushed commit. */
  headSha: string;
  /** The workflow run's page (where the job summary is). */
  detailsUrl?: string;
  /** Blob URL prefix for links from the summary to finding lines. */
  linkBase?: string;
}

export interface PublishedCheckRun {
  id: number;
  url?: string;
  /** Annotations sent. */
  annotated: number;
  /** Findings that could not be annotated: repository-level ones, or beyond the cap. */
  notAnnotated: number;
  /** Findings with a line were left out because of MAX_CHECK_ANNOTATIONS. */
  capped: boolean;
  requests: number;
}

export async function publishCheckRun(
  client: GitHubClient,
  target: CheckRunTarget,
  result: RunResult,
): Promise<PublishedCheckRun> {
  const all = checkAnnotations(result);
  const annotations = all.slice(0, MAX_CHECK_ANNOTATIONS);
  const notAnnotated = result.findings.length - annotations.length;
  const output = {
    title: checkRunTitle(result),
    summary: checkRunSummary(result, target, annotations.length, notAnnotated),
  };
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  const { owner, repo } = target.repo;
  const created = await client.rest.checks.create({
    owner,
    repo,
    name: CHECK_RUN_NAME,
    head_sha: target.headSha,
    status: 'completed',
    conclusion: result.passed ? 'success' : 'failure',
    completed_at: new Date().toISOString(),
    ...(target.detailsUrl ? { details_url: target.detailsUrl } : {}),
    output: { ...output, annotations: batches[0] ?? [] },
  });
  const id = created.data.id;
  for (const batch of batches.slice(1)) {
    await client.rest.checks.update({
      owner,
      repo,
      check_run_id: id,
      output: { ...output, annotations: batch },
    });
  }
  return {
    id,
    ...(typeof created.data.html_url === 'string' ? { url: created.data.html_url } : {}),
    annotated: annotations.length,
    notAnnotated,
    capped: all.length > annotations.length,
    requests: Math.max(1, batches.length),
  };
}

/** `Failed: 3 errors, 1 warning` · `Passed: 2 notes` · `Passed: no findings`. */
export function checkRunTitle(result: RunResult): string {
  const { counts } = result;
  const parts = [
    counts.error ? plural(counts.error, 'error') : '',
    counts.warning ? plural(counts.warning, 'warning') : '',
    counts.note ? plural(counts.note, 'note') : '',
  ].filter(Boolean);
  return `${result.passed ? 'Passed' : 'Failed'}: ${parts.length ? parts.join(', ') : 'no findings'}`;
}

function checkRunSummary(
  result: RunResult,
  target: CheckRunTarget,
  annotated: number,
  notAnnotated: number,
): string {
  const capped = result.findings.length - annotated > 0 && annotated === MAX_CHECK_ANNOTATIONS;
  const note = capped
    ? `\n> [!NOTE]\n> ${annotated.toLocaleString('en-US')} findings are annotated (the limit per check run); ${notAnnotated.toLocaleString('en-US')} more are listed here and in the SARIF report.\n`
    : '';
  const body = formatMarkdown(result, {
    maxChars: CHECK_SUMMARY_MAX_CHARS - note.length,
    detailsUrl: target.detailsUrl,
    linkBase: target.linkBase,
  });
  return body + note;
}

/** Findings with a file, most severe first, as Checks API annotations. */
export function checkAnnotations(result: RunResult): CheckAnnotation[] {
  const annotations: CheckAnnotation[] = [];
  for (const finding of [...result.findings].sort(bySeverity)) {
    const annotation = toAnnotation(result.root, finding);
    if (annotation) annotations.push(annotation);
  }
  return annotations;
}

function toAnnotation(root: string, finding: Finding): CheckAnnotation | undefined {
  const path = repoPath(root, finding.file);
  // Repository-level findings have no line to sit on; absolute paths are outside the repository.
  if (path === '' || path.startsWith('/') || path.startsWith('../')) return undefined;
  const start = position(finding.line) ?? 1;
  const end = Math.max(start, position(finding.endLine) ?? start);
  const annotation: CheckAnnotation = {
    path,
    start_line: start,
    end_line: end,
    annotation_level: LEVEL[finding.severity],
    message: clip(messageWithCell(finding), 4000),
    title: clip(`${finding.ruleId} (handoff-gate)`, 255),
  };
  // The API takes columns only on a single line.
  const column = position(finding.column);
  if (end === start && column !== undefined) {
    annotation.start_column = column;
    const endColumn = position(finding.endColumn);
    annotation.end_column = endColumn !== undefined && endColumn >= column ? endColumn : column;
  }
  const details = [
    finding.help ? `Fix: ${finding.help}` : '',
    finding.helpUri ? `Rule: ${finding.helpUri}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  if (details) annotation.raw_details = clip(details, 8000);
  return annotation;
}
