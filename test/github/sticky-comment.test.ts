// The sticky comment against the loopback GitHub: found by its marker across pages, edited in
// place, never duplicated, resolved when clean, within GitHub's size limit.
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/github/client.js';
import {
  COMMENT_MAX_CHARS,
  STICKY_MARKER,
  findStickyComment,
  readHistory,
  renderStickyComment,
  upsertStickyComment,
} from '../../src/github/sticky-comment.js';
import { finding, many, result } from '../report/build.js';
import { BOT, startFakeGitHub, type FakeGitHub, type StoredComment } from './fake-github.js';

const REPO = { owner: 'octo', repo: 'models' };
const LIST = '/repos/{owner}/{repo}/issues/{issue_number}/comments';
const CREATE = '/repos/{owner}/{repo}/issues/{issue_number}/comments';
const UPDATE = '/repos/{owner}/{repo}/issues/comments/{comment_id}';
const HUMAN = { login: 'alice', type: 'User' as const, id: 7 };

let server: FakeGitHub | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function comment(
  id: number,
  body: string,
  user: StoredComment['user'] = HUMAN,
  minute = id % 60,
): StoredComment {
  const at = new Date(Date.UTC(2024, 0, 1, 12, minute)).toISOString();
  return { id, body, user, created_at: at, updated_at: at };
}

async function start(comments: StoredComment[] = []) {
  server = await startFakeGitHub({ ...REPO, comments: { 5: comments } });
  const client = createGitHubClient({
    token: 'ghs_faketoken',
    baseUrl: server.url,
    retryBaseMs: 5,
  });
  return { server, client };
}

const target = (headSha: string) => ({
  repo: REPO,
  number: 5,
  headSha,
  detailsUrl: 'https://github.com/octo/models/actions/runs/77',
});

describe('upsertStickyComment', () => {
  it('creates once, then edits the same comment on the next push', async () => {
    const { server, client } = await start();
    const first = await upsertStickyComment(
      client,
      target('a'.repeat(40)),
      result({ findings: [finding({ message: 'hardcoded /home/alice' })] }),
    );
    expect(first.action).toBe('created');
    const second = await upsertStickyComment(
      client,
      target('b'.repeat(40)),
      result({ findings: many(2, 'warning') }),
    );
    expect(second).toMatchObject({ action: 'updated', id: (first as { id: number }).id });
    expect(server.calls('POST', CREATE)).toHaveLength(1);
    expect(server.calls('PATCH', UPDATE)).toHaveLength(1);
    const [stored] = server.comments.get(5)!;
    expect(stored.body.startsWith(STICKY_MARKER)).toBe(true);
    expect(stored.body).toContain('2 warnings');
    expect(stored.body).not.toContain('hardcoded /home/alice');
    expect(stored.body).toContain('History: ❌ 1 error (`aaaaaaa`) → ⚠️ 2 warnings (`bbbbbbb`)');
    expect(server.violations).toEqual([]);
  });

  it('finds its comment on a later page among many others', async () => {
    const others = Array.from({ length: 150 }, (_, i) => comment(i + 1, `chatter ${i}`));
    const mine = comment(151, `${STICKY_MARKER}\nold report`, BOT);
    const { server, client } = await start([...others, mine]);
    expect(await findStickyComment(client, REPO, 5)).toEqual({ id: 151, body: mine.body });
    const outcome = await upsertStickyComment(
      client,
      target('c'.repeat(40)),
      result({ findings: [finding()] }),
    );
    expect(outcome).toMatchObject({ action: 'updated', id: 151 });
    // Each search reads both pages (150 + 1 comments at 100 a page).
    expect(server.calls('GET', LIST).map((r) => r.query.page ?? '1')).toEqual(['1', '2', '1', '2']);
    expect(server.calls('POST', CREATE)).toHaveLength(0);
  });

  it('with several marked comments edits the newest bot one and leaves the rest', async () => {
    const { server, client } = await start([
      comment(10, `${STICKY_MARKER} old`, BOT, 1),
      comment(11, `${STICKY_MARKER} newer`, BOT, 5),
      comment(12, `${STICKY_MARKER} pasted by a person`, HUMAN, 9),
    ]);
    await upsertStickyComment(client, target('d'.repeat(40)), result({ findings: [finding()] }));
    const bodies = Object.fromEntries(server.comments.get(5)!.map((c) => [c.id, c.body]));
    expect(bodies[10]).toBe(`${STICKY_MARKER} old`);
    expect(bodies[12]).toBe(`${STICKY_MARKER} pasted by a person`);
    expect(bodies[11]).toContain('handoff-gate failed');
    expect(server.calls('PATCH', UPDATE).map((r) => r.path)).toEqual([
      '/repos/octo/models/issues/comments/11',
    ]);
  });

  it('posts nothing for a clean PR without a comment, and resolves an existing one', async () => {
    const { server, client } = await start();
    const skipped = await upsertStickyComment(client, target('e'.repeat(40)), result());
    expect(skipped.action).toBe('skipped');
    expect(server.calls('POST', CREATE)).toHaveLength(0);
    await upsertStickyComment(client, target('f'.repeat(40)), result({ findings: [finding()] }));
    await upsertStickyComment(client, target('1'.repeat(40)), result());
    const [stored] = server.comments.get(5)!;
    expect(stored.body).toContain('**Resolved:**');
    expect(stored.body).toContain('handoff-gate passed: no findings');
    expect(stored.body).toContain('→ ✅ clean (`1111111`)');
    expect(server.comments.get(5)).toHaveLength(1);
  });

  it('posts afresh when its comment was deleted between listing and editing', async () => {
    const { server, client } = await start([comment(20, `${STICKY_MARKER} x`, BOT)]);
    server.faults.push({ method: 'PATCH', route: UPDATE, status: 404, times: 1 });
    const outcome = await upsertStickyComment(
      client,
      target('2'.repeat(40)),
      result({ findings: [finding()] }),
    );
    expect(outcome.action).toBe('created');
    expect(server.calls('POST', CREATE)).toHaveLength(1);
  });
});

describe('renderStickyComment', () => {
  it('stays within 65,536 characters and links the full report', () => {
    const body = renderStickyComment(
      result({ findings: many(2000, 'error', { message: 'x'.repeat(200) }) }),
      { sha: 'a'.repeat(40), history: [], detailsUrl: 'https://github.com/o/r/actions/runs/1' },
    );
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(body.startsWith(STICKY_MARKER)).toBe(true);
    expect(body).toMatch(/findings not shown/);
    expect(body).toContain('(https://github.com/o/r/actions/runs/1)');
  });

  it('keeps the history short and replaces a re-run of the same commit', () => {
    let history = readHistory('');
    for (let i = 0; i < 12; i++) {
      const sha = String(i).padStart(2, '0').repeat(20);
      const body = renderStickyComment(result({ findings: many(i % 3, 'warning') }), {
        sha,
        history,
      });
      history = readHistory(body);
    }
    expect(history).toHaveLength(10);
    const rerun = renderStickyComment(result(), { sha: '11'.repeat(20), history });
    expect(readHistory(rerun)).toHaveLength(10);
    expect(readHistory(rerun).at(-1)).toMatchObject({ sha: '1111111', warnings: 0 });
    expect(rerun).toMatch(/<sub>History: … → .*✅ clean \(`1111111`\)<\/sub>/);
  });

  it('ignores a hand-edited or hostile state line', () => {
    expect(readHistory('<!-- handoff-gate:state {"v":1,"runs":[["zzz",1,0,0,1]]} -->')).toEqual([]);
    expect(readHistory('<!-- handoff-gate:state {not json} -->')).toEqual([]);
    expect(
      readHistory(
        '<!-- handoff-gate:state {"v":1,"runs":[["abcdef1",-1,0,0,1],["abcdef2",1,2,3,0]]} -->',
      ),
    ).toEqual([{ sha: 'abcdef2', errors: 1, warnings: 2, notes: 3, passed: false }]);
  });
});
