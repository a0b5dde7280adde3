import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAnnotations } from '../../src/report/annotations.js';
import { escapeData, escapeProperty, workflowCommand } from '../../src/report/workflow-command.js';
import { finding, many, result } from './build.js';

/** Parse a workflow command the way the runner does, undoing its escapes. */
function parse(line: string): { command: string; props: Record<string, string>; message: string } {
  const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const codes: Record<string, string> = { '25': '%', '0D': '\r', '0A': '\n', '3A': ':', '2C': ',' };
  const unescape = (s: string) => s.replace(/%(25|0D|0A|3A|2C)/g, (_, code: string) => codes[code]);
  const props: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    props[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  return { command: match[1], props, message: unescape(match[3]) };
}

describe('workflow command escaping', () => {
  it('escapes %, CR and LF in data, and also : and , in properties', () => {
    expect(escapeData('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext: a,b');
    expect(escapeProperty('C:\\data,v2\n%')).toBe('C%3A\\data%2Cv2%0A%25');
  });

  it('puts properties in GitHub order and leaves out empty ones', () => {
    expect(
      workflowCommand('warning', 'msg', { title: 't', line: 3, file: 'a.py', col: undefined }),
    ).toBe('::warning file=a.py,line=3,title=t::msg');
    expect(workflowCommand('notice', 'hello')).toBe('::notice::hello');
  });

  it('round-trips any text: the runner reads back exactly what was written, in one line', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.string(), (file, title, message) => {
        const line = workflowCommand('error', message, { file, line: 7, title });
        expect(line).not.toMatch(/[\r\n]/);
        const parsed = parse(line);
        expect(parsed.command).toBe('error');
        expect(parsed.message).toBe(message);
        expect(parsed.props.title).toBe(title);
        if (file !== '') expect(parsed.props.file).toBe(file);
      }),
    );
  });
});

describe('formatAnnotations', () => {
  it('emits one located command per finding with rule, hint and docs link', () => {
    const lines = formatAnnotations(
      result({
        findings: [
          finding({
            ruleId: 'hardcoded-paths',
            file: 'src/load.py',
            line: 3,
            column: 18,
            endLine: 3,
            endColumn: 40,
            message: "absolute path '/home/alice/data.csv'",
            help: 'Read it from config',
          }),
        ],
      }),
    );
    expect(lines).toHaveLength(1);
    const parsed = parse(lines[0]);
    expect(parsed.command).toBe('error');
    expect(parsed.props).toEqual({
      file: 'src/load.py',
      line: '3',
      col: '18',
      endColumn: '40',
      title: 'hardcoded-paths (handoff-gate)',
    });
    expect(parsed.message).toBe(
      "absolute path '/home/alice/data.csv'\nFix: Read it from config\nRule: https://example.test/rules/hardcoded-paths.md",
    );
  });

  it('maps note to notice and names the notebook cell on the raw .ipynb line', () => {
    const [line] = formatAnnotations(
      result({
        findings: [
          finding({
            severity: 'note',
            file: 'nb/explore.ipynb',
            line: 45,
            cell: { index: 7, line: 3 },
          }),
        ],
      }),
    );
    const parsed = parse(line);
    expect(parsed.command).toBe('notice');
    expect(parsed.props.line).toBe('45');
    expect(parsed.message.split('\n')[0]).toMatch(/\(cell 7, line 3\)$/);
  });

  it('gives columns only for single-line ranges, as GitHub ignores them otherwise', () => {
    const [multi] = formatAnnotations(
      result({ findings: [finding({ line: 4, column: 2, endLine: 6, endColumn: 9 })] }),
    );
    expect(parse(multi).props).toMatchObject({ line: '4', endLine: '6' });
    expect(parse(multi).props.col).toBeUndefined();
    expect(parse(multi).props.endColumn).toBeUndefined();
  });

  it('escapes hostile messages and paths so they cannot start another command', () => {
    const [line] = formatAnnotations(
      result({
        findings: [
          finding({ file: 'a,b:c.py', message: 'bad\n::add-mask::secret\r\n%0A', help: '' }),
        ],
      }),
    );
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('file=a%2Cb%3Ac.py');
    const parsed = parse(line);
    expect(parsed.props.file).toBe('a,b:c.py');
    expect(parsed.message.startsWith('bad\n::add-mask::secret\r\n%0A')).toBe(true);
  });

  it('leaves file and line off a repository-level finding', () => {
    const [line] = formatAnnotations(
      result({ findings: [finding({ ruleId: 'internal-error', file: '', line: 1 })] }),
    );
    expect(parse(line).props.file).toBeUndefined();
    expect(parse(line).props.line).toBeUndefined();
  });

  it('shows 10 errors, 10 warnings, then one notice with the exact numbers left out', () => {
    const findings = [...many(25, 'warning'), ...many(25, 'error')];
    const lines = formatAnnotations(result({ findings }), {
      detailsUrl: 'https://github.com/o/r/actions/runs/1',
    });
    const commands = lines.map((l) => parse(l).command);
    expect(commands.filter((c) => c === 'error')).toHaveLength(10);
    expect(commands.filter((c) => c === 'warning')).toHaveLength(10);
    expect(commands.filter((c) => c === 'notice')).toHaveLength(1);
    expect(lines).toHaveLength(21);
    // Most severe first, then the one summary notice last.
    expect(commands.slice(0, 10).every((c) => c === 'error')).toBe(true);
    expect(commands[20]).toBe('notice');
    const notice = parse(lines[20]).message;
    expect(notice).toContain('15 more errors, 15 more warnings not shown');
    expect(notice).toContain('https://github.com/o/r/actions/runs/1');
    expect(notice).toMatch(/job summary.*SARIF.*check run/);
  });

  it('picks the first errors in file/line order, deterministically', () => {
    const findings = Array.from({ length: 12 }, (_, i) =>
      finding({ file: `f${String(11 - i).padStart(2, '0')}.py`, line: 1 }),
    );
    const lines = formatAnnotations(result({ findings }));
    const files = lines.slice(0, 10).map((l) => parse(l).props.file);
    expect(files).toEqual(
      Array.from({ length: 10 }, (_, i) => `f${String(i).padStart(2, '0')}.py`),
    );
    expect(formatAnnotations(result({ findings: [...findings].reverse() }))).toEqual(lines);
  });

  it('keeps a notice slot for the overflow notice when notes overflow', () => {
    const lines = formatAnnotations(result({ findings: many(15, 'note') }));
    const commands = lines.map((l) => parse(l).command);
    expect(commands).toHaveLength(10);
    expect(commands.every((c) => c === 'notice')).toBe(true);
    expect(parse(lines[9]).message).toContain('6 more notes not shown');
  });

  it('emits no overflow notice at exactly 10 of each', () => {
    const lines = formatAnnotations(
      result({ findings: [...many(10, 'error'), ...many(10, 'warning'), ...many(10, 'note')] }),
    );
    expect(lines).toHaveLength(30);
    expect(lines.some((l) => l.includes('not shown'))).toBe(false);
  });

  it('returns nothing for a clean run', () => {
    expect(formatAnnotations(result())).toEqual([]);
  });
});
