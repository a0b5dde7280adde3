// Terminal-safe text: messages and paths carry text from the scanned repository, so escape
// sequences, stray carriage returns and bidirectional overrides are shown, never obeyed.

// C0 controls except tab and newline, DEL, C1 controls, and the bidi embedding/isolate marks.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function visible(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\t/g, '  ')
    .replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `visible` on one line: newlines become a visible `↵`. */
export function visibleLine(text: string): string {
  return visible(text).replace(/\n/g, ' ↵ ');
}

export interface Paint {
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

const sgr =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const COLOR: Paint = {
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
  green: sgr(32, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
  underline: sgr(4, 24),
};

const identity = (text: string): string => text;
const PLAIN: Paint = {
  red: identity,
  yellow: identity,
  cyan: identity,
  green: identity,
  dim: identity,
  bold: identity,
  underline: identity,
};

export function paint(color: boolean): Paint {
  return color ? COLOR : PLAIN;
}
