// A small POSIX shell lexer: splits a script into simple commands made of words, keeping each
// word's offsets. It is not an interpreter: expansions stay as written (and are flagged), heredoc
// bodies are skipped, and control-flow keywords are peeled off so `if x; then pip install y; fi`
// still yields the `pip install y` command. Never throws; unterminated quotes are reported.

export interface Word {
  /** The word after quote removal (expansions such as `$VAR` kept as written). */
  value: string;
  start: number;
  end: number;
  /** Contains an unquoted or double-quoted `$`/backtick expansion. */
  expansion: boolean;
}

export interface SimpleCommand {
  words: Word[];
}

export interface ShellProblem {
  offset: number;
  message: string;
}

export interface ShellScript {
  commands: SimpleCommand[];
  problems: ShellProblem[];
}

const KEYWORDS_BEFORE_COMMAND = new Set([
  'if',
  'then',
  'else',
  'elif',
  'do',
  'while',
  'until',
  '!',
  '{',
  'time',
  'exec',
]);
const KEYWORDS_ALONE = new Set(['fi', 'done', 'esac', '}', ';;']);
const CLAUSE_KEYWORDS = new Set(['for', 'case', 'select', 'function']);

interface Lexer {
  text: string;
  at: number;
  problems: ShellProblem[];
}

/** Split a whole script (or a RUN line) into simple commands. */
export function parseShell(
  text: string,
  options: { heredocs?: 'skip' | 'keep' } = {},
): ShellScript {
  const lexer: Lexer = { text, at: 0, problems: [] };
  const commands: SimpleCommand[] = [];
  let current: Word[] = [];
  const pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];
  let skipNextWord = false;

  const finish = (): void => {
    const words = peelKeywords(current);
    if (words.length > 0) commands.push({ words });
    current = [];
  };

  while (lexer.at < text.length) {
    const ch = text[lexer.at]!;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      lexer.at++;
      continue;
    }
    if (ch === '\\' && text[lexer.at + 1] === '\n') {
      lexer.at += 2;
      continue;
    }
    if (ch === '\n') {
      lexer.at++;
      finish();
      if (pendingHeredocs.length > 0) {
        for (const heredoc of pendingHeredocs)
          skipHeredoc(lexer, heredoc.delimiter, heredoc.stripTabs, options.heredocs === 'keep');
        pendingHeredocs.length = 0;
      }
      continue;
    }
    if (ch === '#') {
      while (lexer.at < text.length && text[lexer.at] !== '\n') lexer.at++;
      continue;
    }
    const operator = readOperator(text, lexer.at);
    if (operator) {
      lexer.at += operator.length;
      if (/^[<>]|^&>/.test(operator)) {
        // A redirection: its target word is not an argument; a heredoc's body is data.
        if (operator === '<<' || operator === '<<-') {
          skipBlanks(lexer);
          const target = readWord(lexer);
          if (target)
            pendingHeredocs.push({ delimiter: target.value, stripTabs: operator === '<<-' });
        } else skipNextWord = true;
        continue;
      }
      finish();
      continue;
    }
    const word = readWord(lexer);
    if (!word) {
      lexer.at++;
      continue;
    }
    if (skipNextWord) {
      skipNextWord = false;
      continue;
    }
    // `2>file`, `2>&1`: a file-descriptor number glued to a redirection is not a word.
    if (/^\d+$/.test(word.value) && /^[<>]/.test(text[lexer.at] ?? '')) continue;
    current.push(word);
  }
  finish();
  return { commands, problems: lexer.problems };
}

/** Split an option string the way Python's shlex does (quotes, escapes; no operators). */
export function splitWords(text: string): { words: Word[]; problems: ShellProblem[] } {
  const lexer: Lexer = { text, at: 0, problems: [] };
  const words: Word[] = [];
  while (lexer.at < text.length) {
    const ch = text[lexer.at]!;
    if (/\s/.test(ch)) {
      lexer.at++;
      continue;
    }
    const word = readWord(lexer, true);
    if (word) words.push(word);
    else lexer.at++;
  }
  return { words, problems: lexer.problems };
}

function skipBlanks(lexer: Lexer): void {
  while (lexer.text[lexer.at] === ' ' || lexer.text[lexer.at] === '\t') lexer.at++;
}

function peelKeywords(words: Word[]): Word[] {
  let start = 0;
  while (start < words.length && KEYWORDS_BEFORE_COMMAND.has(words[start]!.value)) start++;
  const rest = words.slice(start);
  if (rest.length === 0) return [];
  if (CLAUSE_KEYWORDS.has(rest[0]!.value)) return [];
  if (rest.length === 1 && KEYWORDS_ALONE.has(rest[0]!.value)) return [];
  // `name() {` function headers and lone `}` carry no command.
  if (/^[A-Za-z_][\w-]*\(\)$/.test(rest[0]!.value)) return [];
  return rest;
}

function readOperator(text: string, at: number): string | undefined {
  const three = text.slice(at, at + 3);
  if (three === '<<-' || three === '<<<' || three === '&>>') return three;
  const two = text.slice(at, at + 2);
  if (['&&', '||', ';;', '|&', '>>', '<<', '<&', '>&', '&>', '>|', '<>'].includes(two)) return two;
  const one = text[at]!;
  if (';&|()<>'.includes(one)) return one;
  return undefined;
}

function skipHeredoc(lexer: Lexer, delimiter: string, stripTabs: boolean, keep: boolean): void {
  if (keep) return;
  const { text } = lexer;
  const clean = delimiter.replace(/^['"]|['"]$/g, '');
  while (lexer.at < text.length) {
    const end = text.indexOf('\n', lexer.at);
    const line = text.slice(lexer.at, end < 0 ? text.length : end).replace(/\r$/, '');
    lexer.at = end < 0 ? text.length : end + 1;
    if ((stripTabs ? line.replace(/^\t+/, '') : line) === clean) return;
  }
}

/** Read one word starting at lexer.at; undefined when the next character starts no word. */
function readWord(lexer: Lexer, plain = false): Word | undefined {
  const { text } = lexer;
  const start = lexer.at;
  let value = '';
  let expansion = false;
  let any = false;
  while (lexer.at < text.length) {
    const ch = text[lexer.at]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') break;
    if (!plain && readOperator(text, lexer.at)) break;
    if (ch === '\\') {
      const next = text[lexer.at + 1];
      if (next === undefined) {
        lexer.at++;
        break;
      }
      lexer.at += 2;
      if (next !== '\n') value += next;
      any = true;
      continue;
    }
    if (ch === "'") {
      const close = text.indexOf("'", lexer.at + 1);
      if (close < 0) {
        lexer.problems.push({ offset: lexer.at, message: 'unterminated single quote' });
        value += text.slice(lexer.at + 1);
        lexer.at = text.length;
      } else {
        value += text.slice(lexer.at + 1, close);
        lexer.at = close + 1;
      }
      any = true;
      continue;
    }
    if (ch === '"') {
      const open = lexer.at;
      lexer.at++;
      let closed = false;
      while (lexer.at < text.length) {
        const c = text[lexer.at]!;
        if (c === '\\' && lexer.at + 1 < text.length) {
          const next = text[lexer.at + 1]!;
          if ('$`"\\\n'.includes(next)) {
            if (next !== '\n') value += next;
            lexer.at += 2;
            continue;
          }
          value += c;
          lexer.at++;
          continue;
        }
        if (c === '"') {
          closed = true;
          lexer.at++;
          break;
        }
        if (c === '$' || c === '`') {
          const expanded = readExpansion(lexer);
          value += expanded;
          expansion = true;
          continue;
        }
        value += c;
        lexer.at++;
      }
      if (!closed) lexer.problems.push({ offset: open, message: 'unterminated double quote' });
      any = true;
      continue;
    }
    if (!plain && (ch === '$' || ch === '`')) {
      value += readExpansion(lexer);
      expansion = true;
      any = true;
      continue;
    }
    value += ch;
    lexer.at++;
    any = true;
  }
  if (!any) return undefined;
  return { value, start, end: lexer.at, expansion };
}

/** Consume `$VAR`, `${...}`, `$(...)`, `$((...))` or a backtick span; return it as written. */
function readExpansion(lexer: Lexer): string {
  const { text } = lexer;
  const start = lexer.at;
  if (text[start] === '`') {
    const close = text.indexOf('`', start + 1);
    lexer.at = close < 0 ? text.length : close + 1;
    if (close < 0) lexer.problems.push({ offset: start, message: 'unterminated backquote' });
    return text.slice(start, lexer.at);
  }
  const next = text[start + 1];
  if (next === '(' || next === '{') {
    const closer = next === '(' ? ')' : '}';
    let depth = 0;
    let at = start + 1;
    let quote: string | undefined;
    for (; at < text.length; at++) {
      const c = text[at]!;
      if (quote) {
        if (c === '\\' && quote === '"') at++;
        else if (c === quote) quote = undefined;
        continue;
      }
      if (c === "'" || c === '"') quote = c;
      else if (c === next) depth++;
      else if (c === closer && --depth === 0) break;
    }
    if (at >= text.length) {
      lexer.problems.push({ offset: start, message: `unterminated $${next}` });
      lexer.at = text.length;
    } else lexer.at = at + 1;
    return text.slice(start, lexer.at);
  }
  const name = /^\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])?/.exec(text.slice(start))![0];
  lexer.at = start + Math.max(1, name.length);
  return text.slice(start, lexer.at);
}
