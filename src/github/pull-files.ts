// Lines a pull request added or modified, from the "list pull request files" API: every page,
// each file's `patch` read for its `+` lines. A file listed without a patch (binary, or a diff
// too large for the API) counts as changed whole; a pure rename changes no line but is a changed
// file; removed files are gone from the checkout.
import type { ChangedLines } from '../engine/filters.js';
import { addedLines } from '../workspace/changed.js';
import type { GitHubClient } from './client.js';
import type { RepoRef } from './event.js';

/** GitHub lists at most this many files of a pull request. */
export const MAX_LISTED_FILES = 3000;

export interface PullRequestFiles {
  changed: ChangedLines;
  /** Files the API listed. */
  files: number;
  /** False when the API's 3000-file cap may have cut the list short. */
  complete: boolean;
}

export interface ListedFile {
  filename: string;
  status: string;
  patch?: string;
  changes?: number;
}

export async function pullRequestChangedLines(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
): Promise<PullRequestFiles> {
  const files = (await client.paginate(client.rest.pulls.listFiles, {
    owner: repo.owner,
    repo: repo.repo,
    pull_number: number,
    per_page: 100,
  })) as ListedFile[];
  return {
    changed: changedLinesOf(files),
    files: files.length,
    complete: files.length < MAX_LISTED_FILES,
  };
}

export function changedLinesOf(files: readonly ListedFile[]): ChangedLines {
  const changed: ChangedLines = new Map();
  for (const file of files) {
    if (typeof file.filename !== 'string' || file.filename === '') continue;
    if (file.status === 'removed') continue;
    if (typeof file.patch === 'string' && file.patch !== '') {
      changed.set(file.filename, addedLines(file.patch));
    } else if (
      (file.status === 'renamed' || file.status === 'unchanged') &&
      (file.changes ?? 0) === 0
    ) {
      changed.set(file.filename, new Set());
    } else {
      changed.set(file.filename, 'all');
    }
  }
  return changed;
}
