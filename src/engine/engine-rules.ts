// Findings the engine itself produces. They have ids, severities and docs like any rule, so a
// config can lower them and the docs pages explain them, but no check(): the pipeline reports them.
import type { RuleMeta } from './types.js';

export const PARSE_ERROR: RuleMeta = {
  id: 'parse-error',
  title: 'File could not be parsed',
  defaultSeverity: 'warning',
  recommended: true,
  docs: {
    what: 'Reports a notebook, Python, YAML, JSON or TOML file that handoff-gate could not parse, at the line and column where parsing failed. The rest of the run goes on without that file.',
    why: 'A file the gate cannot read is a file no rule checked: an engineer receiving the handoff would hit the same error when loading it, and any problem inside it is invisible until it is fixed.',
    example: '{\n  "cells": [\n    {"cell_type": "code", "source": ["import pandas as pd\\n"\n}',
    exampleLang: 'json',
    instead:
      'Fix the syntax at the reported position (re-save a notebook from Jupyter, run a YAML or TOML linter), or exclude the file with `ignore` if it is deliberately invalid test data.',
  },
};

export const UNUSED_SUPPRESSION: RuleMeta = {
  id: 'unused-suppression',
  title: 'Suppression comment that suppresses nothing',
  defaultSeverity: 'warning',
  recommended: true,
  docs: {
    what: 'Reports a `# handoff: ignore[rule-id]` comment that silences nothing (written after code it covers its own line; alone on a line it covers the next line), or that names a rule that does not exist.',
    why: 'Stale suppressions hide the next real problem on that line from review, and they make it look as if a known exception still exists after the code changed.',
    example: "DATA = 'data/raw.csv'  # handoff: ignore[hardcoded-paths] legacy location",
    exampleLang: 'python',
    instead:
      'Delete the comment, or move it to the line the finding is reported on. Name the rule in brackets so the suppression stays narrow.',
  },
};

export const INTERNAL_ERROR: RuleMeta = {
  id: 'internal-error',
  title: 'A rule failed to run',
  defaultSeverity: 'error',
  recommended: true,
  docs: {
    what: 'Reports that a rule threw an error instead of finishing. The other rules still run.',
    why: 'A rule that crashed checked nothing, so passing the gate would be a false all-clear.',
    example: "rule 'my-pack/custom' failed: TypeError: cannot read properties of undefined",
    exampleLang: 'text',
    instead:
      'Report the message to the maintainers of the rule (or of handoff-gate for built-in rules). Turn the failing rule off in the config until it is fixed if you must.',
  },
};

export const ENGINE_RULES: RuleMeta[] = [PARSE_ERROR, UNUSED_SUPPRESSION, INTERNAL_ERROR];
