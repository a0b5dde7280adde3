// One pull-request comment per PR, found again on every push by a hidden marker and edited in
// place, never posted twice. It carries the Markdown report (truncated within GitHub's 65,536
// characters, linking the full job summary), and a short history of earlier runs kept in a
// hidden state line, so a PR that becomes clean says so instead of leaving old findings up.
import type { RunResult } from '../engine/result.js';
import { plural } from '../report/common.js';
import { formatMarkdown } from '../report/markdown.js';
import type { GitHubClient } from './client.js';
import { httpStatus } from './errors.js';
import type { RepoRef } from './event.js';

export const STICKY_MARKER = '<!-- handoff-gate:sticky -->';
/** GitHub's limit on a comment body. */
export const COMMENT_MAX_CHARS = 65_536;
const STATE = /<!-- handoff-gate:state (\{[^<>]*\}) -->/;
/** Runs remembered in the hidden state, and shown in the history line. */
const HISTORY_KEPT = 10;
const HISTORY_SHOWN = 4;

export interface HistoryEntry {
  /** Short head commit id the run judged. */
  sha: string;
  errors: number;
  warnings: number;
  notes: number;
  passed: boolean;
}

export interface StickyTarget {
  repo: RepoRef;
  number: number;
  headSha: string;
  /** The workflow run's page, linked when the report had to be cut. */
  detailsUrl?: string;
  linkBase?: string;
}

export interface ExistingComment {
  id: number;
  body: string;
}

export type StickyOutcome =
  | { action: 'created' | 'updated'; id: number; url?: string }
  | { action: 'skipped'; reason: string };

/**
 * The comment among all pages of the PR's comments that carries the marker. Several can exist
 * (a copy posted by hand, an old bug): the newest written by a bot wins, else the newest.
 */
export async function findStickyComment(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
): Promise<ExistingComment | undefined> {
  const comments = await client.paginate(client.rest.issues.listComments, {
    owner: repo.owner,
    repo: repo.repo,
    issue_number: number,
    per_page: 100,
  });
  const marked = comments.filter(
    (comment) => typeof comment.body === 'string' && comment.body.includes(STICKY_MARKER),
  );
  const bots = marked.filter((comment) => comment.user?.type === 'Bot');
  const pool = bots.length ? bots : marked;
  const newest = pool.sort(
    (a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id,
  )[0];
  return newest ? { id: newest.id, body: newest.body ?? '' } : undefined;
}

export async function upsertStickyComment(
  client: GitHubClient,
  target: StickyTarget,
  result: RunResult,
): Promise<StickyOutcome> {
  const { owner, repo } = target.repo;
  const existing = await findStickyComment(client, target.repo, target.number);
  const total = result.counts.error + result.counts.warning + result.counts.note;
  if (!existing && total === 0 && result.notices.length === 0) {
    return { action: 'skipped', reason: 'the pull request is clean and has no comment yet' };
  }
  const body = renderStickyComment(result, {
    sha: target.headSha,
    history: existing ? readHistory(existing.body) : [],
    detailsUrl: target.detailsUrl,
    linkBase: target.linkBase,
  });
  if (existing) {
    try {
      const updated = await client.rest.issues.updateComment({
        owner,
        repo,
        comment_id: existing.id,
        body,
      });
      return { action: 'updated', id: updated.data.id, url: updated.data.html_url };
    } catch (error) {
      // Deleted between listing and editing: post it afresh. Anything else is the caller's.
      if (httpStatus(error) !== 404) throw error;
    }
  }
  const created = await client.rest.issues.createComment({
    owner,
    repo,
    issue_number: target.number,
    body,
  });
  return { action: 'created', id: created.data.id, url: created.data.html_url };
}

export interface RenderOptions {
  sha: string;
  history: HistoryEntry[];
  detailsUrl?: string;
  linkBase?: string;
  maxChars?: number;
}

export function renderStickyComment(result: RunResult, options: RenderOptions): string {
  const entry: HistoryEntry = {
    sha: options.sha.slice(0, 7),
    errors: result.counts.error,
    warnings: result.counts.warning,
    notes: result.counts.note,
    passed: result.passed,
  };
  // A re-run of the same commit replaces its entry rather than adding one.
  const earlier = options.history.filter((h) => h.sha !== entry.sha);
  const history = [...earlier, entry].slice(-HISTORY_KEPT);
  const clean = entry.errors + entry.warnings + entry.notes === 0;
  const hadFindings = earlier.some((h) => h.errors + h.warnings + h.notes > 0);

  const head = [
    STICKY_MARKER,
    `<!-- handoff-gate:state ${JSON.stringify({ v: 1, runs: history.map(packEntry) })} -->`,
    '',
  ];
  if (clean && hadFindings) {
    head.push('**Resolved:** every finding reported on earlier pushes is fixed or accepted.', '');
  }
  const lead = head.join('\n');
  const tail = history.length > 1 ? `\n${historyLine(history)}\n` : '';
  const limit = (options.maxChars ?? COMMENT_MAX_CHARS) - lead.length - tail.length;
  const report = formatMarkdown(result, {
    maxChars: Math.max(0, limit),
    detailsUrl: options.detailsUrl,
    linkBase: options.linkBase,
  });
  return lead + report + tail;
}

/** `<sub>History: ❌ 3 errors (abc1234) → ✅ clean (def5678)</sub>` with the latest runs. */
function historyLine(history: HistoryEntry[]): string {
  const shown = history.slice(-HISTORY_SHOWN).map((h) => {
    const parts = [
      h.errors ? plural(h.errors, 'error') : '',
      h.warnings ? plural(h.warnings, 'warning') : '',
      h.notes ? plural(h.notes, 'note') : '',
    ].filter(Boolean);
    const icon = !h.passed ? '❌' : parts.length ? '⚠️' : '✅';
    return `${icon} ${parts.length ? parts.join(', ') : 'clean'} (\`${h.sha}\`)`;
  });
  const more = history.length > HISTORY_SHOWN ? '… → ' : '';
  return `<sub>History: ${more}${shown.join(' → ')}</sub>`;
}

type PackedEntry = [string, number, number, number, 0 | 1];

function packEntry(h: HistoryEntry): PackedEntry {
  return [h.sha, h.errors, h.warnings, h.notes, h.passed ? 1 : 0];
}

/**
 * The runs remembered in an earlier comment. The body may have been edited by hand: anything
 * that is not exactly the expected shape is dropped, never trusted.
 */
export function readHistory(body: string): HistoryEntry[] {
  const match = STATE.exec(body.slice(0, 4096));
  if (!match) return [];
  let state: unknown;
  try {
    state = JSON.parse(match[1]);
  } catch {
    return [];
  }
  const runs = (state as { runs?: unknown } | null)?.runs;
  if (!Array.isArray(runs)) return [];
  const count = (value: unknown) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < 1e9;
  return runs
    .filter(
      (run): run is PackedEntry =>
        Array.isArray(run) &&
        run.length === 5 &&
        typeof run[0] === 'string' &&
        /^[0-9a-f]{7,40}$/.test(run[0]) &&
        count(run[1]) &&
        count(run[2]) &&
        count(run[3]) &&
        (run[4] === 0 || run[4] === 1),
    )
    .slice(-HISTORY_KEPT)
    .map(([sha, errors, warnings, notes, passed]) => ({
      sha,
      errors,
      warnings,
      notes,
      passed: passed === 1,
    }));
}
