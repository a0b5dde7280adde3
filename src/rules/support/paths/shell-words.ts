// Words of a shell command line (a `!cp` escape, an `os.system` string, a dvc.yaml `cmd`) that
// could be paths, with their offsets, so each can be classified and located on its own.

export interface ShellWord {
  /** The word with quotes removed and any `--opt=`, `KEY=` or redirection prefix cut off. */
  text: string;
  /** Offset of `text` in the command line. */
  offset: number;
}

const MAX_COMMAND = 16 * 1024;

/** Split on unquoted whitespace and shell operators; quotes group but are not part of words. */
export function shellWords(command: string): ShellWord[] {
  const words: ShellWord[] = [];
  const line = command.length > MAX_COMMAND ? command.slice(0, MAX_COMMAND) : command;
  let text = '';
  let start = -1;
  let quote: string | undefined;
  const flush = () => {
    if (start >= 0) words.push(valuePart({ text, offset: start }));
    text = '';
    start = -1;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    // `My\ Drive` is one word; inside double quotes only \" \\ \$ and \` are escapes.
    if (ch === '\\' && quote !== "'" && i + 1 < line.length) {
      const next = line[i + 1];
      if (!quote || '"\\$`'.includes(next)) {
        if (start < 0) start = i;
        text += next;
        i++;
        continue;
      }
    }
    if (quote) {
      if (ch === quote) quote = undefined;
      else text += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      if (start < 0) start = i + 1;
      quote = ch;
      continue;
    }
    if (/\s/.test(ch) || ';|&()<>'.includes(ch)) {
      flush();
      continue;
    }
    if (start < 0) start = i;
    text += ch;
  }
  flush();
  return words.filter((word) => word.text !== '');
}

// `--data=/x`, `DATA=/x` and `2>/x` carry the path after a prefix.
function valuePart(word: ShellWord): ShellWord {
  const assigned = /^(?:--?[\w.-]+|[A-Za-z_]\w*)=/.exec(word.text);
  if (assigned) {
    return { text: word.text.slice(assigned[0].length), offset: word.offset + assigned[0].length };
  }
  const redirect = /^\d+$/.exec(word.text);
  return redirect ? { text: '', offset: word.offset } : word;
}
