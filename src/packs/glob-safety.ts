// Globs become JavaScript regexes (picomatch), which backtrack: each `*` in one path segment
// multiplies the time to reject a long file name (`*a*a*a*a*a*a*a*b` takes minutes on a
// 60-character name). A pack is data from elsewhere, so its globs may hold at most a few
// wildcards per segment, and file names put into a glob are escaped.

/** `*` runs allowed in one path segment (`**` segments aside): three keep a 255-character name fast. */
export const MAX_STARS_PER_SEGMENT = 3;
export const MAX_GLOB_LENGTH = 1024;
const GLOB_SPECIAL = /[*?[\]{}()!+@\\]/g;

/** Why a glob from a pack is refused, or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `a glob is at most ${MAX_GLOB_LENGTH} characters`;
  for (const segment of glob.split('/')) {
    if (segment === '**') continue;
    const stars = segment.replace(/\\./g, '').match(/\*+/g)?.length ?? 0;
    if (stars > MAX_STARS_PER_SEGMENT) {
      return `'${segment}' has ${stars} wildcards; a path segment may have at most ${MAX_STARS_PER_SEGMENT} (each one multiplies the time to match a file name)`;
    }
  }
  return undefined;
}

/** A file name or path as a glob that matches exactly it. */
export function escapeGlob(text: string): string {
  return text.replace(GLOB_SPECIAL, (c) => `\\${c}`);
}
