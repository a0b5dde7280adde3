// Folders a script adds to its import path: `sys.path.append/insert(...)`, `site.addsitedir(...)`,
// and the working-directory changes that make `import x` find a folder (`%cd`, `os.chdir`).
// Read from source text with a small evaluator for the usual path expressions; anything it cannot
// evaluate is reported as unknown so the caller can fall back to a looser first-party check.
import { posix } from 'node:path';

export interface ImportPathChanges {
  /** Repository-relative folders (`''` is the root) the code adds to its import path. */
  folders: string[];
  /** Some change could not be evaluated (a variable, an environment lookup). */
  unknown: boolean;
}

const CALL =
  /\b(?:sys\s*\.\s*path\s*\.\s*(?:append|insert)|site\s*\.\s*addsitedir|os\s*\.\s*chdir)\s*\(/g;
const STRING = /(?:[rRbBuUfF]{0,2})("""|'''|"|')((?:\\.|(?!\1)[^\\\n])*)\1/g;

/** The text inside the parentheses that open at `start - 1`, or undefined when they never close. */
function argumentsAt(text: string, start: number): string | undefined {
  let depth = 1;
  for (let i = start; i < text.length && i < start + 2000; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i);
    }
  }
  return undefined;
}

/** Resolve `segments` against `base` (repository-relative); undefined when it leaves the repository. */
function resolveInRepo(base: string, segments: string[]): string | undefined {
  const joined = posix.normalize(posix.join(base || '.', ...segments));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined === '.' ? '' : joined.replace(/\/+$/, '');
}

/**
 * Evaluate one path expression written in `fileDir` (repository-relative). Returns the candidate
 * folders (a relative path may be meant from the file's folder or from the repository root, so
 * both are returned), [] for paths outside the repository, or 'unknown'.
 */
export function evaluatePathExpression(expr: string, fileDir: string): string[] | 'unknown' {
  let body = expr.trim();
  // sys.path.insert(0, X): drop the index argument.
  body = body.replace(/^-?\d+\s*,\s*/, '');
  const literals = [...body.matchAll(STRING)].map((m) => m[2]);
  const withoutStrings = body.replace(STRING, '""');
  const usesFile = /\b__file__\b/.test(withoutStrings);
  const usesCwd = /\b(?:os\s*\.\s*getcwd|Path\s*\.\s*cwd|pathlib\s*\.\s*Path\s*\.\s*cwd)\s*\(/.test(
    withoutStrings,
  );
  // Anything else that is a name we cannot evaluate: a variable, os.environ, a function result.
  const names = withoutStrings
    .replace(/\b__file__\b/g, '')
    .replace(
      /\b(?:os\s*\.\s*path\s*\.\s*(?:join|dirname|abspath|realpath|normpath|expanduser)|os\s*\.\s*getcwd|(?:pathlib\s*\.\s*)?Path(?:\s*\.\s*cwd)?|str|resolve|absolute|parent|parents|joinpath|os\s*\.\s*sep)\b/g,
      '',
    )
    .match(/[A-Za-z_]\w*/g);
  if (names && names.length > 0) return 'unknown';
  if (literals.some((l) => l.startsWith('/') || /^[A-Za-z]:[\\/]/.test(l) || l.startsWith('~'))) {
    return []; // an absolute path outside the repository
  }
  const segments = literals.flatMap((l) => l.split(/[\\/]+/)).filter(Boolean);
  if (usesFile) {
    const dirnames = (withoutStrings.match(/\bdirname\s*\(/g) ?? []).length;
    const parents = (withoutStrings.match(/\.\s*parent\b(?!s)/g) ?? []).length;
    const indexed = [...withoutStrings.matchAll(/\.\s*parents\s*\[\s*(\d+)\s*\]/g)].reduce(
      (n, m) => n + Number(m[1]) + 1,
      0,
    );
    const ups = Math.max(dirnames + parents + indexed - 1, 0);
    const base = resolveInRepo(fileDir, Array(ups).fill('..'));
    if (base === undefined) return [];
    const folder = resolveInRepo(base, segments);
    return folder === undefined ? [] : [folder];
  }
  if (!usesCwd && literals.length === 0) return 'unknown';
  // Relative to the working directory: a notebook's is its own folder, a script's usually the root.
  const out = new Set<string>();
  for (const base of [fileDir, '']) {
    const folder = resolveInRepo(base, segments);
    if (folder !== undefined) out.add(folder);
  }
  return [...out];
}

/** Import-path changes in one piece of code, plus `%cd` magics given separately. */
export function importPathChanges(
  text: string,
  fileDir: string,
  cdMagics: readonly string[] = [],
): ImportPathChanges {
  const folders = new Set<string>();
  let unknown = false;
  for (const match of text.matchAll(CALL)) {
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    if (text.slice(lineStart, match.index).includes('#')) continue; // commented out
    const args = argumentsAt(text, match.index + match[0].length);
    const result = args === undefined ? 'unknown' : evaluatePathExpression(args, fileDir);
    if (result === 'unknown') unknown = true;
    else for (const f of result) folders.add(f);
  }
  for (const target of cdMagics) {
    const path = target.trim().replace(/^(['"])(.*)\1$/, '$2');
    if (!path || path.startsWith('$') || path.includes('{')) {
      unknown = true;
      continue;
    }
    const result = evaluatePathExpression(JSON.stringify(path), fileDir);
    if (result === 'unknown') unknown = true;
    else for (const f of result) folders.add(f);
  }
  return { folders: [...folders], unknown };
}
