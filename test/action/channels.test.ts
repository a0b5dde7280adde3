import { describe, expect, it } from 'vitest';
import { runChannels, type Channel, type ChannelLog } from '../../src/action/channels.js';
import { result } from '../report/build.js';

function recorder(): ChannelLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warning: (m) => lines.push(`warning ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
  };
}

const context = {
  result: result(),
  inputs: { scope: 'all' as const, strict: false },
  run: { workspace: '/w', tempDir: '/t' },
};

describe('runChannels', () => {
  it('runs channels in order, each seeing the outputs of the ones before', async () => {
    const seen: Record<string, string>[] = [];
    const channels: Channel[] = [
      {
        name: 'a',
        write: async ({ outputs }) => (seen.push(outputs), { 'sarif-file': '/t/x.sarif' }),
      },
      { name: 'b', write: async ({ outputs }) => void seen.push(outputs) },
      {
        name: 'c',
        write: async ({ outputs }) => (seen.push(outputs), { 'comment-url': 'https://c' }),
      },
    ];
    const outcome = await runChannels(channels, context, recorder());
    expect(seen).toEqual([{}, { 'sarif-file': '/t/x.sarif' }, { 'sarif-file': '/t/x.sarif' }]);
    expect(outcome).toEqual({
      outputs: { 'sarif-file': '/t/x.sarif', 'comment-url': 'https://c' },
      failed: [],
    });
  });

  it('turns a failing channel into a warning and goes on', async () => {
    const log = recorder();
    let ranAfter = false;
    const outcome = await runChannels(
      [
        { name: 'pr-comment', write: async () => Promise.reject(new Error('HttpError: 403')) },
        {
          name: 'broken-sync',
          write: () => {
            throw 'not even an Error';
          },
        },
        { name: 'after', write: async () => void (ranAfter = true) },
      ],
      context,
      log,
    );
    expect(ranAfter).toBe(true);
    expect(outcome.failed).toEqual(['pr-comment', 'broken-sync']);
    expect(log.lines.filter((l) => l.startsWith('warning'))).toEqual([
      'warning handoff-gate could not write the pr-comment report: HttpError: 403. The other reports and the verdict are not affected.',
      'warning handoff-gate could not write the broken-sync report: not even an Error. The other reports and the verdict are not affected.',
    ]);
  });
});
