// Markdown built from text we do not control (messages quoting the scanned repo, file paths).
// GitHub renders it in PR comments and summaries, so it must not break tables, inject HTML,
// hide content in comments or ping people with @mentions.

/**
 * Characters that can start Markdown syntax inside a line, escaped with a backslash. With `[`
 * and `]` escaped no link or image can form, so `(`, `)` and `!` stay as they are.
 */
const MARKDOWN_SPECIAL = /[\\`*_[\]|~#]/g;

/** Plain text as Markdown inline text, safe inside a table cell. */
export function mdEscape(text: string): string {
  return oneLine(text)
    .replace(MARKDOWN_SPECIAL, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=\w)/g, '@\u200b');
}

/**
 * A rule message as Markdown: backtick code spans the rule wrote stay code spans (only `|` is
 * escaped inside them, as GFM tables require); everything else is escaped as plain text.
 */
export function mdMessage(text: string): string {
  const line = oneLine(text);
  let out = '';
  let rest = line;
  for (;;) {
    const open = rest.indexOf('`');
    if (open < 0) break;
    const close = rest.indexOf('`', open + 1);
    if (close < 0) break;
    const code = rest.slice(open + 1, close);
    out += mdEscape(rest.slice(0, open));
    out += code.trim() === '' ? mdEscape(rest.slice(open, close + 1)) : mdCode(code);
    rest = rest.slice(close + 1);
  }
  return out + mdEscape(rest);
}

/** Text as one inline code span, whatever backticks it holds. */
export function mdCode(text: string): string {
  const body = oneLine(text).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A fenced code block that its content cannot close early. */
export function mdFence(code: string, lang = ''): string {
  const longest = Math.max(0, ...(code.match(/^\s*`{3,}/gm) ?? []).map((run) => run.trim().length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang.replace(/[^\w+-]/g, '')}\n${code.replace(/\n$/, '')}\n${fence}`;
}

/** A link whose target cannot break out of the `(...)`. */
export function mdLink(label: string, url: string): string {
  const target = url.replace(/[\s()<>]/g, (ch) => encodeURIComponent(ch));
  return `[${label}](${target})`;
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/[\u0000-\u001f\u007f]/g, ' ');
}
