// `file-exists`: every file the rule looks at must have a companion file. The companion is a path
// template relative to the repository root: `{{dir}}/model_card.md` is `model_card.md` beside it.
// A list names alternatives (any one will do); a template with glob characters is satisfied by
// any file it matches, and one ending in `/` by any file in that folder. The file is matched
// (and reported on its line 1) when no companion exists. Captures: `path` (the first expected
// path), `file`, `dir`, `name`, `stem`, `ext`.
import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { KeyPath } from '../../config/types.js';
import type { Match, MatchContext } from '../match.js';
import { escapeGlob, globProblem } from '../glob-safety.js';
import { parseTemplate, TemplateError, type Template } from '../template.js';
import { normalise, report, stringList, type CompileEnv, type Matcher } from './types.js';

const PATH_NAMES = new Set(['file', 'dir', 'name', 'stem', 'ext']);
const GLOB = /[*?[\]{}]/;

export function compileFileExistsMatcher(
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
): Matcher | undefined {
  const spec = normalise(value, 'path');
  const pathsPath = spec === value ? [...path, 'path'] : path;
  const raw = stringList(spec.path);
  const templates: Template[] = [];
  let ok = true;
  raw.forEach((text, index) => {
    const at = typeof spec.path === 'string' ? pathsPath : [...pathsPath, index];
    const problem = (message: string) => {
      report(env, at, message);
      ok = false;
    };
    if (text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text)) {
      return problem(
        `'${text}' must be relative to the repository root, such as {{dir}}/model_card.md`,
      );
    }
    const unsafe = globProblem(text);
    if (unsafe) return problem(unsafe);
    try {
      const template = parseTemplate(text);
      const unknown = template.names.filter((name) => !PATH_NAMES.has(name));
      if (unknown.length) {
        return problem(
          `unknown placeholder {{${unknown[0]}}}; a path may use ${[...PATH_NAMES].map((n) => `{{${n}}}`).join(', ')}`,
        );
      }
      templates.push(template);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      problem(error.message);
    }
  });
  if (!ok) return undefined;

  return {
    captures: new Set(['path', ...PATH_NAMES]),
    reads: 'any',
    async match(ctx, file) {
      const parts = pathParts(file);
      // File names come from the pull request: escaped in a glob, a `*` in a name is a literal star.
      const escaped = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, escapeGlob(v)]));
      const expected = templates.map((template) => posix.normalize(template.render(parts)));
      const found = templates.some((template, index) =>
        isGlob(template)
          ? existsGlob(ctx, posix.normalize(template.render(escaped)))
          : exists(ctx, expected[index]),
      );
      if (found) return [];
      const match: Match = { file, captures: { ...parts, path: expected[0] ?? '' } };
      return [match];
    },
  };
}

function pathParts(file: string): Record<string, string> {
  const name = posix.basename(file);
  const ext = posix.extname(name);
  return {
    file,
    dir: posix.dirname(file),
    name,
    stem: ext ? name.slice(0, -ext.length) : name,
    ext,
  };
}

/** Whether the template itself (not the names put into it) has glob characters. */
function isGlob(template: Template): boolean {
  return GLOB.test(template.source.replace(/\{\{[^}]*\}\}/g, ''));
}

/** Whether a root-relative path, or a folder ending in `/`, names a workspace file. */
function exists(ctx: MatchContext, candidate: string): boolean {
  // A path that climbs out of the repository names nothing the gate may read.
  if (outside(candidate)) return false;
  const clean = candidate.replace(/^\.\//, '');
  if (clean.endsWith('/')) return ctx.allFiles.some((f) => f.path.startsWith(clean));
  const index = ctx.shared('packs:file-index', () => new Set(ctx.allFiles.map((f) => f.path)));
  return index.has(clean);
}

function existsGlob(ctx: MatchContext, glob: string): boolean {
  if (outside(glob)) return false;
  const test = picomatch(glob.replace(/^\.\//, ''), { dot: true });
  return ctx.allFiles.some((f) => test(f.path));
}

function outside(path: string): boolean {
  return path === '..' || path.startsWith('../') || posix.isAbsolute(path);
}
