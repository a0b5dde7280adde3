// Fingerprints identify a finding across unrelated edits: rule + file + the normalised text
// of the reported line, never the line number. Identical snippets in one file are told apart
// by their order of occurrence, so two equal findings never share a fingerprint.
import { createHash } from 'node:crypto';
import type { Finding } from './types.js';

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
