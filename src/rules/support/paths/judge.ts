// Turns one candidate string into a verdict: the classifier's kind in this mode, minus what the
// `allow` patterns exempt, plus what the `deny` patterns add.
import { classifyPath, HOLE, PATH_KINDS } from './classify.js';
import type { PathPatterns } from './patterns.js';
import { mayContainPath } from './prefilter.js';
import { shellWords } from './shell-words.js';

export interface Verdict {
  label: string;
  hint: string;
}

const DENIED: Verdict = {
  label: 'path matching a configured deny pattern',
  hint: 'Read this location from a config entry or an environment variable instead.',
};

// Names that say a string is a remote or artifact-store location, not a local file. Used only for
// the strict tier, where the path prefix alone says little.
const NON_LOCAL_NAME =
  /(url|uri|route|endpoint|artifact|remote|prefix|pattern|regex|glob|api|blob|key)/i;

/** Applies the classifier, the mode and the allow/deny patterns to one candidate value. */
export class Judge {
  constructor(
    readonly strict: boolean,
    readonly patterns: PathPatterns,
  ) {}

  /** Whether the raw text may hold anything this judge reports. */
  mayMatch(text: string): boolean {
    return this.patterns.hasDeny || mayContainPath(text, this.strict);
  }

  verdict(value: string, name?: string): Verdict | undefined {
    const shown = value.replaceAll(HOLE, '{…}');
    if (this.patterns.allowed(shown)) return undefined;
    const found = classifyPath(value, { strict: this.strict });
    if (found && !(PATH_KINDS[found.kind].strictOnly && name && NON_LOCAL_NAME.test(name))) {
      return found;
    }
    return this.patterns.denied(shown) ? DENIED : undefined;
  }

  /** The first word of a command line that is a path, with its offset. */
  commandVerdict(command: string): { verdict: Verdict; word: string; offset: number } | undefined {
    for (const word of shellWords(command)) {
      const verdict = this.verdict(word.text);
      if (verdict) return { verdict, word: word.text, offset: word.offset };
    }
    return undefined;
  }
}
