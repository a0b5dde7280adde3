// A cheap test on a file's raw text: if none of these needles occurs, no literal in the file can
// classify as a machine path, so the file is never parsed. It must never reject a file the rule
// would report on (false negatives), and may let through files it then finds clean. The needles
// tolerate JSON escaping (`\/`, doubled backslashes) because notebooks are matched raw.

const DEFAULT_NEEDLES = new RegExp(
  [
    // /home, /Users, /content, /dbfs, ... as a path root (also `Path("/home") / "me"`).
    String.raw`\\?/(?:home|Users|content|dbfs|Workspace|Volumes|mnt|media|efs|gpfs|scratch|lustre|fsx|nfs)\b`,
    String.raw`dbfs:`,
    // ~/x and ~user/x
    String.raw`~[\w.-]*(?:\\|\\?/)`,
    // C:\ and D:/ but not the "p:/" of "http://"
    String.raw`(?:^|[^A-Za-z0-9+.-])[A-Za-z]:(?:\\|\\?/)`,
    // \\server\share, however many times its backslashes are escaped. The lookbehind starts a
    // match only at the first backslash of a run, so a long run cannot cost quadratic time.
    String.raw`(?<!\\)\\{2,}[A-Za-z0-9_$-][\w.$-]*\\+[\w$.-]`,
  ].join('|'),
);

// Strict mode reports any absolute path that looks like data: any `/name` at a value start.
const STRICT_NEEDLES = new RegExp(
  [DEFAULT_NEEDLES.source, String.raw`(?:^|["'\s:=\[,(])\\?/[^\s/\\"'*]`].join('|'),
  'm',
);

/** Whether `text` may hold a path the rule reports in this mode. */
export function mayContainPath(text: string, strict: boolean): boolean {
  return (strict ? STRICT_NEEDLES : DEFAULT_NEEDLES).test(text);
}
