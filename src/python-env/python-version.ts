// Which Python 3 minor versions a project runs on, from a version spec or the repository's files.
import { satisfies, validRange } from '@renovatebot/pep440';
import type { RuleContext } from '../engine/types.js';
import { SUPPORTED_MINORS } from './stdlib.js';

export interface PythonTarget {
  /** Targeted minor versions of Python 3, oldest first (never empty). */
  minors: number[];
  /** Where it came from: `option`, or the file that says it. */
  source: string;
}

/** One PEP 440 range for a Python spec written the pyenv, Poetry or conda way; undefined if none. */
function toPep440(spec: string): string | undefined {
  const text = spec.trim();
  // Poetry's caret and tilde constraints are not PEP 440: translate the ones used for Python.
  const poetry = /^([~^])\s*3(?:\.(\d+))?(?:\.\d+)?$/.exec(text);
  if (poetry) {
    const minor = Number(poetry[2] ?? 0);
    return poetry[1] === '^' ? `>=3.${minor}` : `>=3.${minor},<3.${minor + 1}`;
  }
  // A bare or exact version (`3.10`, `==3.10.4`, conda's `=3.10`, `3.10.*`) means that minor.
  const exact = /^(?:={1,3})?\s*3\.(\d+)(?:\.(?:\d+|\*))*$/.exec(text);
  if (exact) return `==3.${exact[1]}.*`;
  return validRange(text) ? text : undefined;
}

/** Minors of a spec such as `3.11`, `3.11.4`, `>=3.8,<3.12`, `~=3.9`, `^3.9`, `python-3.9.7`; undefined when unreadable. */
export function parsePythonVersions(spec: string): number[] | undefined {
  const text = spec.trim().replace(/^python-?/i, '');
  if (!text) return undefined;
  // Poetry and conda write `||` / `|` between alternatives; PEP 440 has no "or".
  const minors = new Set<number>();
  for (const alternative of text.split(/\s*\|\|?\s*/).filter(Boolean)) {
    const range = toPep440(alternative);
    if (!range) return undefined;
    for (const minor of SUPPORTED_MINORS) {
      if (satisfies(`3.${minor}.0`, range) || satisfies(`3.${minor}.99`, range)) minors.add(minor);
    }
  }
  const list = [...minors].sort((a, b) => a - b);
  return list.length > 0 ? list : undefined;
}

/** Read `requires-python` or Poetry's `python` from a parsed pyproject.toml. */
function fromPyproject(toml: Record<string, unknown>): string | undefined {
  const project = toml.project as Record<string, unknown> | undefined;
  if (typeof project?.['requires-python'] === 'string') return project['requires-python'];
  const tool = toml.tool as Record<string, Record<string, unknown>> | undefined;
  const deps = tool?.poetry?.dependencies as Record<string, unknown> | undefined;
  return typeof deps?.python === 'string' ? deps.python : undefined;
}

/** `python=3.10`, `python>=3.8`, `python 3.9.*` in a conda environment's dependency list. */
// Horizontal whitespace only: `\s` would let one attempt run across every following blank line.
const CONDA_PYTHON =
  /^[ \t]*-[ \t]*["']?python[ \t]*([=<>!~][^#"'\n]*|[ \t]+\d[^#"'\n]*)["']?[ \t]*(?:#.*)?$/m;
const SETUP_PY = /python_requires\s*=\s*["']([^"']+)["']/;

/**
 * The project's target versions, from (first found, at the repository root) `.python-version`,
 * `runtime.txt`, `pyproject.toml`, `setup.py`/`setup.cfg` python_requires, a conda environment.
 * Undefined when none says, or what it says cannot be read.
 */
export function detectPythonTarget(
  ctx: Pick<RuleContext, 'allFiles' | 'sources'>,
): PythonTarget | undefined {
  const has = new Set(ctx.allFiles.map((f) => f.path));
  const tryText = (
    file: string,
    pick: (text: string) => string | undefined,
  ): PythonTarget | undefined => {
    if (!has.has(file)) return undefined;
    const text = ctx.sources.text(file);
    const spec = text === undefined ? undefined : pick(text);
    const minors = spec === undefined ? undefined : parsePythonVersions(spec);
    return minors ? { minors, source: file } : undefined;
  };
  const firstLine = (text: string) =>
    text
      .split(/\r?\n/)
      .map((l) => l.replace(/#.*/, '').trim())
      .find(Boolean);
  const found =
    tryText('.python-version', firstLine) ??
    tryText('runtime.txt', firstLine) ??
    (has.has('pyproject.toml') ? pyprojectTarget(ctx) : undefined) ??
    tryText('setup.py', (t) => SETUP_PY.exec(t)?.[1]) ??
    tryText('setup.cfg', (t) => /^\s*python_requires\s*=\s*(.+)$/m.exec(t)?.[1]) ??
    ['environment.yml', 'environment.yaml', 'conda.yml', 'conda.yaml']
      .map((f) => tryText(f, (t) => CONDA_PYTHON.exec(t)?.[1]))
      .find(Boolean);
  return found;
}

function pyprojectTarget(ctx: Pick<RuleContext, 'sources'>): PythonTarget | undefined {
  const toml = ctx.sources.toml('pyproject.toml');
  const spec = toml ? fromPyproject(toml) : undefined;
  const minors = spec ? parsePythonVersions(spec) : undefined;
  return minors ? { minors, source: 'pyproject.toml' } : undefined;
}

/** Render a set of minors for a message: `3.12`, `3.8-3.11`, `3.8, 3.10`. */
export function formatMinors(minors: readonly number[]): string {
  if (minors.length === 0) return '';
  const contiguous = minors.every((m, i) => i === 0 || m === minors[i - 1] + 1);
  if (minors.length === 1) return `3.${minors[0]}`;
  if (contiguous) return `3.${minors[0]}-3.${minors[minors.length - 1]}`;
  return minors.map((m) => `3.${m}`).join(', ');
}
