// hardcoded-paths: absolute or personal file-system paths baked into Python, notebook code cells
// and the YAML/JSON configs pipelines read. Files whose raw text holds no candidate path are
// never parsed; everything else is judged literal by literal, in context.
import type { CodeUnit, Magic, Rule, RuleContext } from '../engine/types.js';
import { HOLE } from './support/paths/classify.js';
import { configKind, type ConfigKind } from './support/paths/config-files.js';
import { jsonStrings, yamlStrings, type ConfigString } from './support/paths/config-values.js';
import { Judge, type Verdict } from './support/paths/judge.js';
import { wordPosition, writtenScript } from './support/paths/notebook-cells.js';
import { compilePathPatterns } from './support/paths/patterns.js';
import { pythonLiterals, type PythonLiteral } from './support/paths/python-literals.js';

export interface HardcodedPathsOptions {
  /** Regexes (RE2 syntax): a path matching one is never reported. */
  allow?: string[];
  /** Regexes (RE2 syntax): a path matching one is reported even without a known kind. */
  deny?: string[];
}

const MAX_SHOWN = 120;

const rule: Rule<HardcodedPathsOptions> = {
  meta: {
    id: 'hardcoded-paths',
    title: 'Absolute or personal file-system paths in code and pipeline config',
    defaultSeverity: 'warning',
    recommended: true,
    docs: {
      what:
        'Reports absolute or personal file-system paths written into Python files, notebook code ' +
        'cells (including `!` and `%` lines and `%%writefile` scripts) and the YAML/JSON configs a ' +
        'pipeline reads (Kedro catalogs, `params.yaml`, `dvc.yaml`, `MLproject`, job specs): home ' +
        'directories (`/home/<user>`, `/Users/<user>`, `C:\\Users\\<user>`, `~/…`), Windows drive and ' +
        'UNC paths, the Colab Drive mount (`/content/drive`), Databricks locations (`/dbfs`, ' +
        '`dbfs:/`, `/Workspace`, `/Volumes`) and mount or cluster storage (`/mnt`, `/media`, `/efs`, ' +
        '`/gpfs`, `/scratch`). Joined paths (`os.path.join`, `Path(...) / ...`, `+`, f-strings) are ' +
        'judged as the path they build. Strict mode adds Colab runtime (`/content/…`), Kaggle, ' +
        '`/root`, tool folders under `~/.…`, environment-variable fallbacks and any other absolute ' +
        'data path such as `/raid/…`. Never reported: comments, docstrings, markdown, outputs and ' +
        'metadata, URLs (`s3://`, `runs:/`, … but `file://` and `sqlite:////` are local), temp and ' +
        'system paths, regexes, routes, printed, logged and help text, string-method arguments, ' +
        'and paths read from the environment. Not read as config: CI workflows, package and tool ' +
        'manifests, lock files, notebooks, JSON Schemas, Kubernetes manifests, files written by ' +
        '`save_pretrained`, conda environments (except `prefix:`), docker compose files (except ' +
        'the host side of volumes), and JSON/YAML under data, output, sample or run folders.',
      why:
        "The path exists only on the author's machine, Colab session or cluster. Whoever receives " +
        'the notebook or pipeline — a teammate, CI, the production scheduler — hits ' +
        'FileNotFoundError, or silently reads a different file that happens to exist there.',
      example:
        "df = pd.read_csv('/home/alice/projects/churn/data/train.csv')\n" +
        "model.save_pretrained('/content/drive/MyDrive/checkpoints')",
      exampleLang: 'python',
      instead:
        'Read locations from a config entry or an environment variable, or build them relative to ' +
        'the project root: `ROOT = Path(__file__).resolve().parents[1]` then ' +
        '`pd.read_csv(ROOT / "data" / "train.csv")`. Exempt a deliberate path with the `allow` option.',
    },
    optionsSchema: {
      type: 'object',
      properties: {
        allow: {
          type: 'array',
          items: { type: 'string', format: 're2' },
          description:
            'RE2 regexes matched against each candidate path (interpolations shown as {…}): a match is never reported.',
        },
        deny: {
          type: 'array',
          items: { type: 'string', format: 're2' },
          description:
            'RE2 regexes matched against each candidate path: a match is reported even when no known kind applies.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { allow: [], deny: [] },
  },

  async check(ctx) {
    const judge = new Judge(ctx.strict, compilePathPatterns(ctx.options));
    for (const file of ctx.files) {
      if (/\.(py|ipynb)$/i.test(file.path)) await checkCode(ctx, file.path, judge);
      else {
        const kind = configKind(file.path, file.size);
        if (kind) checkConfig(ctx, file.path, kind, judge);
      }
    }
  },
};

export default rule;

async function checkCode(ctx: RuleContext<HardcodedPathsOptions>, file: string, judge: Judge) {
  // A notebook's bytes are mostly outputs: the byte-level cell scan behind code() is cheaper than
  // a regex over the raw file, so notebooks are filtered per code cell instead.
  if (!/\.ipynb$/i.test(file)) {
    const text = ctx.sources.text(file);
    if (text === undefined || !judge.mayMatch(text)) return;
  }
  const doc = ctx.sources.code(file);
  if (!doc) return;
  for (const unit of doc.units) {
    for (const magic of unit.magics) checkMagic(ctx, unit, magic, judge);
    const code = writtenScript(ctx, unit) ?? unit;
    if (!judge.mayMatch(code.text)) continue;
    const tree = await ctx.sources.tree(code);
    if (!tree) continue;
    for (const literal of pythonLiterals(tree.rootNode)) checkLiteral(ctx, code, literal, judge);
  }
}

function checkLiteral(
  ctx: RuleContext<HardcodedPathsOptions>,
  unit: CodeUnit,
  literal: PythonLiteral,
  judge: Judge,
) {
  const { role } = literal;
  if (role.role === 'exempt' || (role.role === 'env-default' && !judge.strict)) return;
  let verdict: Verdict | undefined;
  let shown = literal.joined ? literal.value : literal.display;
  let suffix = '';
  if (role.role === 'shell') {
    const hit = judge.commandVerdict(literal.value);
    if (hit) ({ verdict, word: shown } = hit);
    suffix = ' in a shell command';
  } else {
    const name = role.role === 'path' ? role.name : undefined;
    verdict = judge.verdict(literal.value, name);
    // "C:\data\new.csv" decodes `\n` to a newline; the path is still the one written.
    if (!verdict && !literal.joined && literal.display !== literal.value) {
      verdict = judge.verdict(literal.display, name);
    }
    if (role.role === 'env-default') suffix = ' as the fallback of an environment lookup';
  }
  if (!verdict) return;
  const { startPosition: start, endPosition: end } = literal.node;
  const location = unit.locate(start.row, start.column, end.row, end.column);
  ctx.report({
    ...location,
    message: `Hardcoded ${verdict.label} '${display(shown)}'${suffix}`,
    fix: verdict.hint,
  });
}

// `!cp /home/me/x .`, `%cd /content/drive/MyDrive`: shell escapes and line/cell magics. Databricks
// `# MAGIC` lines are markdown or other languages in a comment, never Python paths.
function checkMagic(
  ctx: RuleContext<HardcodedPathsOptions>,
  unit: CodeUnit,
  magic: Magic,
  judge: Judge,
) {
  if (magic.kind === 'databricks' || !judge.mayMatch(magic.command)) return;
  const hit = judge.commandVerdict(magic.command);
  if (!hit) return;
  const { row, column } = wordPosition(ctx, unit, magic, hit);
  ctx.report({
    ...unit.locate(row, column, row, column + hit.word.length),
    message: `Hardcoded ${hit.verdict.label} '${display(hit.word)}' in a ${magic.kind === 'shell' ? 'shell escape' : 'magic command'}`,
    fix: hit.verdict.hint,
  });
}

function checkConfig(
  ctx: RuleContext<HardcodedPathsOptions>,
  file: string,
  kind: ConfigKind,
  judge: Judge,
) {
  const text = ctx.sources.text(file);
  if (text === undefined || !judge.mayMatch(text)) return;
  let strings: ConfigString[];
  if (/\.json$/i.test(file)) {
    const root = ctx.sources.json(file);
    strings = root ? jsonStrings(root, kind) : [];
  } else {
    const docs = ctx.sources.yaml(file);
    strings = docs ? yamlStrings(docs, kind) : [];
  }
  for (const entry of strings) {
    let verdict: Verdict | undefined;
    let shown = entry.value;
    let offset = entry.offset;
    if (entry.role === 'command') {
      const hit = judge.commandVerdict(entry.value);
      if (hit) {
        ({ verdict, word: shown } = hit);
        // The word's own place in the text; block scalars shift it, so search from the value's start.
        const at = text.indexOf(hit.word, entry.offset);
        if (at >= 0 && at < entry.end) offset = at;
      }
    } else verdict = judge.verdict(entry.value);
    if (!verdict) continue;
    const start = ctx.sources.position(file, offset);
    const end = ctx.sources.position(
      file,
      entry.role === 'command' ? offset + shown.length : entry.end,
    );
    ctx.report({
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      message: `Hardcoded ${verdict.label} '${display(shown)}'`,
      fix: verdict.hint,
    });
  }
}

function display(value: string): string {
  const shown = value.replaceAll(HOLE, '{…}');
  return shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN - 1)}…` : shown;
}
