// Usage text, the error type for bad command lines (exit status 2) and the option parsing the
// commands share.
export class UsageError extends Error {}

/** A flag's value when it is one of `allowed`, else a UsageError naming the flag and the choices. */
export function oneOf(value: string, allowed: readonly string[], flag: string): string {
  if (!allowed.includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
  }
  return value;
}

/** A comma-separated flag value as trimmed items; undefined when absent or empty. */
export function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

export const USAGE = `handoff-gate — data-science handoff quality gates

Usage:
  handoff-gate check [dir] [options]     scan a repository (default: the current directory)
  handoff-gate rules                     list the built-in rules
  handoff-gate baseline [dir] [--output FILE]  accept every current finding (writes their fingerprints)
  handoff-gate help                      show this text

Options for check:
  --format text|json|sarif|markdown      report format (default: text)
  --output FILE                          write the report to FILE instead of stdout
  --config FILE                          config file (default: .github/handoff.yml, then handoff.yml)
  --rules id,id                          run only these rules
  --paths glob,glob                      check only files matching these globs
  --fail-on error|warning|never          which severity fails the gate (default: error)
  --strict                               strict mode (Docker tags without digests, VCS tags, ...)
  --base REF                             git revision of the base, for checks comparing base and head
  --scope all|changed-files|changed-lines  report only findings on what changed since --base (default: all)
  --baseline FILE                        count, but do not report, findings accepted in FILE
  --explain                              also say how rules classified files (serving, training, ...)
  --no-color                             plain text output

Exit status: 0 passed, 1 gate failed, 2 usage or config error.`;
