// Deep mode: ask pyright whether each model class conforms to its contract, written as a
// typing.Protocol in a generated file in a temp folder. Pyright's verdict ("predict" is an
// incompatible type: ...) is mapped back to the model's method. Pyright is a dev dependency:
// when it is absent or fails, the caller says so once and the static result stands.
import { createRequire } from 'node:module';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  canonicalise,
  parseAnnotation,
  printAnnotation,
  type Ann,
  type ImportMap,
} from './annotations.js';
import type { ParamKind } from './python-defs.js';
import type { DeclaredCallable, DeclaredParam } from './signature.js';
import { runCommand } from './process.js';

export interface ConformanceTarget {
  /** Repository-relative `.py` file of the class. */
  file: string;
  className: string;
  methods: DeclaredCallable[];
  /** The implementation module's imports, to qualify the contract's bare names. */
  imports: ImportMap;
}

export interface ConformanceProblem {
  target: number;
  /** The method pyright blames, when its message names one. */
  method?: string;
  message: string;
}

export type DeepResult = { problems: ConformanceProblem[] } | { unavailable: string };

/** The pyright CLI script, or undefined when pyright is not installed. */
export function findPyright(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    // A computed specifier keeps bundlers from trying to inline the package.
    const manifest = require.resolve(['pyright', 'package.json'].join('/'));
    return join(dirname(manifest), 'index.js');
  } catch {
    return undefined;
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Annotation text for the generated file: qualified names, modules to import. */
function typeText(
  annotation: string | undefined,
  imports: ImportMap,
  modules: Set<string>,
): string | undefined {
  if (annotation === undefined) return undefined;
  let ann: Ann;
  try {
    ann = canonicalise(parseAnnotation(annotation), imports);
  } catch {
    return 'typing.Any';
  }
  const fix = (a: Ann): Ann => {
    switch (a.kind) {
      case 'name': {
        if (!a.name.includes('.')) {
          return [
            'int',
            'float',
            'str',
            'bytes',
            'bool',
            'list',
            'dict',
            'tuple',
            'set',
            'frozenset',
            'type',
            'object',
          ].includes(a.name)
            ? a
            : { kind: 'name', name: 'typing.Any' };
        }
        if (a.name.startsWith('.')) return { kind: 'name', name: 'typing.Any' };
        const module = a.name.slice(0, a.name.lastIndexOf('.'));
        modules.add(module);
        return a;
      }
      case 'subscript':
        return { kind: 'subscript', base: fix(a.base), args: a.args.map(fix) };
      case 'union':
        return { kind: 'union', items: a.items.map(fix) };
      case 'list':
        return { kind: 'list', items: a.items.map(fix) };
      default:
        return a;
    }
  };
  return printAnnotation(fix(ann));
}

const PREFIX: Record<ParamKind, string> = {
  'positional-only': '',
  'positional-or-keyword': '',
  'keyword-only': '',
  'var-positional': '*',
  'var-keyword': '**',
};

function paramText(p: DeclaredParam, imports: ImportMap, modules: Set<string>): string {
  const type = typeText(p.annotation, imports, modules);
  return `${PREFIX[p.kind]}${p.name}${type ? `: ${type}` : ''}${p.optional && !p.kind.startsWith('var') ? ' = ...' : ''}`;
}

function signatureText(method: DeclaredCallable, imports: ImportMap, modules: Set<string>): string {
  const params = method.params ?? [];
  const explicit =
    params[0] && (params[0].name === 'self' || params[0].name === 'cls') ? params.slice(1) : params;
  const parts = ['self'];
  let sawKeywordOnly = false;
  let sawPositionalOnly = false;
  for (const p of explicit) {
    if (p.kind === 'positional-only') sawPositionalOnly = true;
    else if (sawPositionalOnly) {
      parts.push('/');
      sawPositionalOnly = false;
    }
    if (
      p.kind === 'keyword-only' &&
      !sawKeywordOnly &&
      !explicit.some((q) => q.kind === 'var-positional')
    ) {
      parts.push('*');
      sawKeywordOnly = true;
    }
    parts.push(paramText(p, imports, modules));
  }
  if (sawPositionalOnly) parts.push('/');
  if (!method.params) parts.push('*args: typing.Any', '**kwargs: typing.Any');
  const returns = typeText(method.returns, imports, modules) ?? 'typing.Any';
  return `    def ${method.name}(${parts.join(', ')}) -> ${returns}: ...`;
}

/** The generated module and, per target, the line of its `return model` (0-based). */
export async function writeConformanceProject(
  dir: string,
  root: string,
  targets: ConformanceTarget[],
): Promise<Map<number, number>> {
  const modules = new Set<string>(['typing']);
  const body: string[] = [];
  const checkLines = new Map<number, number>();
  const header: string[] = ['# Generated by handoff-gate: does each model honour its contract?'];
  for (const [i, target] of targets.entries()) {
    const parts = target.file.replace(/\.py$/, '').split('/');
    let module: string;
    if (parts.every((p) => IDENTIFIER.test(p))) {
      module = parts.join('.');
    } else {
      // Paths like 04-deployment/web-service/predict.py cannot be imported by name: copy it.
      module = `handoff_model_${i}`;
      await copyFile(join(root, target.file), join(dir, `${module}.py`));
    }
    header.push(`from ${module} import ${target.className.split('.')[0]} as _Model${i}`);
    const classRef = [`_Model${i}`, ...target.className.split('.').slice(1)].join('.');
    body.push('', `class _Contract${i}(typing.Protocol):`);
    for (const method of target.methods) body.push(signatureText(method, target.imports, modules));
    if (target.methods.length === 0) body.push('    pass');
    body.push('', `def _check${i}(model: ${classRef}) -> _Contract${i}:`);
    body.push('    return model');
    checkLines.set(i, body.length - 1);
  }
  const imports = [...modules].sort().map((m) => `import ${m}`);
  const lines = [...header.slice(0, 1), ...imports, ...header.slice(1)];
  const offset = lines.length;
  for (const [i, line] of checkLines) checkLines.set(i, line + offset);
  await writeFile(join(dir, 'handoff_conformance.py'), [...lines, ...body, ''].join('\n'));
  await writeFile(
    join(dir, 'pyrightconfig.json'),
    JSON.stringify({
      include: ['handoff_conformance.py'],
      extraPaths: [root, join(root, 'src')],
      typeCheckingMode: 'basic',
      reportMissingImports: 'none',
      reportMissingModuleSource: 'none',
      reportAttributeAccessIssue: 'none',
    }),
  );
  return checkLines;
}

interface PyrightDiagnostic {
  severity: string;
  message: string;
  range: { start: { line: number } };
}

/** Methods of the contract pyright names as the reason a class does not match its protocol. */
function blamedMethods(message: string, declared: Set<string>): string[] {
  const names = new Set<string>();
  for (const m of message.matchAll(
    /"(\w+)" (?:is an incompatible type|is not present|is not a class variable|is invariant)/g,
  )) {
    if (declared.has(m[1])) names.add(m[1]);
  }
  return [...names];
}

/** Run pyright on the generated project; one problem per (model, blamed method). */
export async function checkConformance(
  root: string,
  targets: ConformanceTarget[],
  timeoutMs: number,
  /** The pyright CLI script; null when it is known to be absent. Found in node_modules by default. */
  cli: string | null = findPyright() ?? null,
): Promise<DeepResult> {
  if (!cli)
    return {
      unavailable: 'pyright is not installed here (it is a development dependency of handoff-gate)',
    };
  const dir = await mkdtemp(join(tmpdir(), 'handoff-pyright-'));
  try {
    const checkLines = await writeConformanceProject(dir, root, targets);
    const result = await runCommand([process.execPath, cli, '--outputjson', '-p', dir], {
      cwd: dir,
      timeoutMs,
      maxOutput: 16 * 1024 * 1024,
    });
    if (result.timedOut || result.spawnError || result.outputExceeded) {
      return {
        unavailable: `pyright did not finish (${result.timedOut ? 'timed out' : (result.spawnError ?? 'too much output')})`,
      };
    }
    let parsed: { generalDiagnostics?: PyrightDiagnostic[] };
    try {
      parsed = JSON.parse(result.stdout) as typeof parsed;
    } catch {
      return {
        unavailable: `pyright failed (exit ${result.exitCode ?? '?'}): ${result.stderrTail.trim().split('\n').slice(-2).join(' ') || 'no output'}`,
      };
    }
    const problems: ConformanceProblem[] = [];
    for (const diagnostic of parsed.generalDiagnostics ?? []) {
      if (diagnostic.severity !== 'error') continue;
      const target = [...checkLines.entries()].find(
        ([, line]) => line === diagnostic.range.start.line,
      )?.[0];
      if (target === undefined) continue;
      const detail = diagnostic.message
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const methods = blamedMethods(
        diagnostic.message,
        new Set(targets[target].methods.map((m) => m.name)),
      );
      if (methods.length === 0) problems.push({ target, message: detail.slice(0, 4).join('; ') });
      for (const method of methods) {
        const start = detail.findIndex((l) => l.startsWith(`"${method}"`));
        problems.push({ target, method, message: detail.slice(start, start + 4).join('; ') });
      }
    }
    return { problems };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
