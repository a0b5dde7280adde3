// Fingerprints identify a finding across unrelated edits: rule + file + the normalised text
// of the reported line, never the line number. Identical snippets in one file are told apart
// by their order of occurrence, so two equal findings never share a fingerprint.
import { createHash } from 'node:crypto';
import type { Finding, Sources } from './types.js';

/** Collapse whitespace and notebook JSON quoting so re-indenting or re-saving keeps the print. */
export function normaliseSnippet(text: string): string {
  return text
    .trim()
    .replace(/^"(.*)",?$/, '$1')
    .replace(/\\n$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function assignFingerprints(
  findings: Finding[],
  lineText: (file: string, line: number) => string | undefined,
): void {
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const snippet = normaliseSnippet(
      finding.snippet ?? lineText(finding.file, finding.line) ?? finding.message,
    );
    const key = `${finding.ruleId}\0${finding.file}\0${snippet}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    finding.fingerprint = createHash('sha256')
      .update(`${key}\0${occurrence}`)
      .digest('hex')
      .slice(0, 32);
  }
}

const NEWLINE = 0x0a;

/**
 * The `lineText` of assignFingerprints, read from raw bytes: only the lines findings sit on are
 * decoded (a notebook's text is mostly outputs), and only the current file's line table is held,
 * since findings come sorted by file. Lines are what `sources.text(file).split('\n')` gives: a
 * line feed never occurs inside a UTF-8 sequence, so decoding one line alone decodes it the same.
 */
export function sourceLineReader(
  sources: Pick<Sources, 'bytes'>,
): (file: string, line: number) => string | undefined {
  let current: { file: string; lines: ByteLines | undefined } | undefined;
  return (file, line) => {
    if (current?.file !== file) {
      const bytes = sources.bytes(file);
      current = { file, lines: bytes && new ByteLines(bytes) };
    }
    return current.lines?.line(line);
  };
}

/** 1-based lines of a UTF-8 buffer, split at line feeds as far as asked for. */
class ByteLines {
  /** Offsets of the line feeds found so far. */
  private readonly feeds: number[] = [];
  private scannedTo = 0;
  private done = false;
  private readonly start: number;

  constructor(private readonly bytes: Buffer) {
    // text() drops a byte order mark.
    this.start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    this.scannedTo = this.start;
  }

  line(line: number): string | undefined {
    if (!Number.isInteger(line) || line < 1) return undefined;
    while (!this.done && this.feeds.length < line) {
      const at = this.bytes.indexOf(NEWLINE, this.scannedTo);
      if (at < 0) this.done = true;
      else {
        this.feeds.push(at);
        this.scannedTo = at + 1;
      }
    }
    // n line feeds make n + 1 lines; the last runs to the end of the file.
    if (line > this.feeds.length + 1) return undefined;
    const from = line === 1 ? this.start : this.feeds[line - 2] + 1;
    const to = line <= this.feeds.length ? this.feeds[line - 1] : this.bytes.length;
    return this.bytes.toString('utf8', from, to);
  }
}
