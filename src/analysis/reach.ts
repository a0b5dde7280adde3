// What a serving module runs, and whether any of it trains. Starting from everything the serving
// module contains (its import-time code, every function and method in it, its main block), the
// walk follows calls into the repository's other modules — only the functions actually called,
// so importing `load_object` from a helper that also defines a training function does not count —
// plus the import-time code of every module loaded on the way. Methods called on objects of
// unknown type are dispatched by name to the repo classes the walk has seen instantiated.
import type { Location, RuleContext } from '../engine/types.js';
import { importGraphFor } from './graph.js';
import type { ScannedImport } from './import-record.js';
import { moduleIndexFor, scannedImportsOf } from './imports.js';
import { resolveImport, type ModuleIndex } from './modules.js';
import { moduleModelFor, siteLocation, type Body, type CallSite } from './module-model.js';
import { servesFrom } from './roles.js';
import { SymbolResolver, type RepoSymbol } from './symbols.js';
import { isFittingFunction, isTrainingMethod } from './training-api.js';

export interface ReachOptions {
  trainingMethods: ReadonlySet<string>;
  /** The serving classes/functions when only part of the module serves (see RoleAssignment). */
  entries?: readonly string[];
  /** Stop after this many functions and modules (a bound for pathological repositories). */
  maxItems?: number;
}

/** One step of the path from the serving module to a training call. */
export interface Step {
  file: string;
  location: Location;
  /** What happens at that step (`train.trainmodel()`, `import train`). */
  text: string;
  kind: 'call' | 'reference' | 'import' | 'training';
  /** For a method call on an object of unknown type: the repo method it was matched to by name. */
  dispatchedTo?: string;
}

export interface TrainingPath {
  /** The serving module's own line where the path starts (the report location). */
  start: Step;
  /** Every step, from the serving module to the training call (the last step). */
  steps: Step[];
  /** Files along the path, serving module first. */
  files: string[];
}

type ItemKind = 'module' | 'main' | 'function' | 'class';

interface Item {
  key: string;
  kind: ItemKind;
  file: string;
  /** Function qualname or class name. */
  name: string;
  via?: { from: Item; step: Step };
}

const SUBPROCESS = new Set([
  'os.system',
  'os.popen',
  'subprocess.run',
  'subprocess.call',
  'subprocess.check_call',
  'subprocess.check_output',
  'subprocess.Popen',
]);

const LIVE_METHODS = new Set([
  '__init__',
  '__new__',
  '__call__',
  '__post_init__',
  '__enter__',
  '__exit__',
]);

/** Training calls reachable from the serving module `file`, one path per starting line, shortest first. */
export async function trainingPathsFrom(
  ctx: RuleContext<unknown>,
  file: string,
  options: ReachOptions,
): Promise<TrainingPath[]> {
  return new Walker(ctx, file, options).run();
}

class Walker {
  private readonly resolver: SymbolResolver;
  private readonly seen = new Map<string, Item>();
  private readonly queue: Item[] = [];
  private readonly calledMethods = new Map<string, { from: Item; step: Step }>();
  private readonly liveClasses: Item[] = [];
  private readonly paths = new Map<string, TrainingPath>();
  private readonly maxItems: number;

  constructor(
    private readonly ctx: RuleContext<unknown>,
    private readonly root: string,
    private readonly options: ReachOptions,
  ) {
    this.resolver = new SymbolResolver(ctx);
    this.maxItems = options.maxItems ?? 5000;
  }

  async run(): Promise<TrainingPath[]> {
    const model = await moduleModelFor(this.ctx, this.root);
    if (!model) return [];
    const { entries } = this.options;
    this.add({ key: '', kind: 'module', file: this.root, name: '' });
    if (!entries) this.add({ key: '', kind: 'main', file: this.root, name: '' });
    // Every function and method of a serving module may be called by the framework that serves it.
    for (const qual of model.functions.keys()) {
      if (servesFrom(entries, qual))
        this.add({ key: '', kind: 'function', file: this.root, name: qual });
    }
    for (const name of model.classes.keys()) {
      if (servesFrom(entries, name)) this.add({ key: '', kind: 'class', file: this.root, name });
    }
    for (let i = 0; i < this.queue.length && i < this.maxItems; i++)
      await this.process(this.queue[i]);
    return [...this.paths.values()].sort((a, b) => a.start.location.line - b.start.location.line);
  }

  private add(item: Item): void {
    item.key = `${item.kind}:${item.file}#${item.name}`;
    if (this.seen.has(item.key)) return;
    this.seen.set(item.key, item);
    this.queue.push(item);
  }

  private async process(item: Item): Promise<void> {
    if (item.kind === 'class') {
      this.liveClass(item);
      return;
    }
    const model = await moduleModelFor(this.ctx, item.file);
    if (!model) return;
    const body =
      item.kind === 'module'
        ? model.module
        : item.kind === 'main'
          ? model.main
          : model.functions.get(item.name);
    if (!body) return;
    for (const site of body.calls) this.site(item, body, site);
    this.imports(item);
  }

  /** Imports that run when this item runs: module-level ones, the main block's, a function's own. */
  private imports(item: Item): void {
    const graph = importGraphFor(this.ctx);
    const runs = (r: ScannedImport): boolean => {
      if (r.typeOnly) return false;
      if (item.kind === 'module') return !r.inFunction && !r.mainGuard;
      if (item.kind === 'main') return !r.inFunction && r.mainGuard;
      return r.inFunction && (r.scope === item.name || r.scope.startsWith(`${item.name}.`));
    };
    const records = new Set(scannedImportsOf(this.ctx, item.file).filter(runs));
    if (records.size === 0) return;
    for (const edge of graph.of(item.file).edges) {
      // `ipynb.fs.defs` loads a notebook's definitions only: its cells do not run.
      if (!records.has(edge.record) || edge.target.notebook === 'defs') continue;
      const step: Step = {
        file: item.file,
        location: edge.record.location,
        text: importText(edge.record),
        kind: 'import',
      };
      this.add({ key: '', kind: 'module', file: edge.to, name: '', via: { from: item, step } });
    }
  }

  private site(item: Item, body: Body, site: CallSite): void {
    const location = siteLocation(site);
    if (!site.reference && this.trains(body, site)) {
      this.hit(item, { file: item.file, location, text: site.text, kind: 'training' });
    }
    const step: Step = {
      file: item.file,
      location,
      text: site.reference ? site.callee : site.text,
      kind: site.reference ? 'reference' : 'call',
    };
    const target = this.target(body, site);
    if (target) {
      this.enter(target, item, step);
      return;
    }
    const script = this.scriptRun(body, site);
    if (script) {
      // Running a repo script in a subprocess runs its top-level code and its main block.
      this.add({ key: '', kind: 'module', file: script, name: '', via: { from: item, step } });
      this.add({ key: '', kind: 'main', file: script, name: '', via: { from: item, step } });
      return;
    }
    if (!site.reference && site.receiver !== '' && this.isUnknownReceiver(body, site))
      this.callMethod(site.method, item, step);
  }

  private trains(body: Body, site: CallSite): boolean {
    if (isTrainingMethod(site, this.options.trainingMethods)) return true;
    if (site.callee.startsWith('?')) return false;
    const external = this.resolver.externalName(body.file, site.callee);
    return external !== undefined && isFittingFunction(external);
  }

  /** The repo function, class or module a call site names, if any. */
  private target(body: Body, site: CallSite): RepoSymbol | undefined {
    if (site.callee.startsWith('?')) return undefined;
    const parts = site.callee.split('.');
    if ((parts[0] === 'self' || parts[0] === 'cls') && body.className) {
      if (parts.length !== 2) return undefined;
      return this.method(body.file, body.className, parts[1], 0);
    }
    const found = this.resolver.resolve(body.file, site.callee);
    if (!found.symbol || found.symbol.kind === 'external') return undefined;
    if (found.rest.length > 0) {
      // `train_task.delay()`, `fit.remote()`, `job.apply_async()`: a method of a repo function
      // object runs that function (task queues, Ray); anything else dispatches by method name.
      if (found.symbol.kind === 'function' && found.rest.length === 1) return found.symbol;
      return undefined;
    }
    return found.symbol;
  }

  /** The repo script an `os.system("python train.py")` / `subprocess.run([...])` call runs. */
  private scriptRun(body: Body, site: CallSite): string | undefined {
    if (site.strings.length === 0 || site.callee.startsWith('?')) return undefined;
    const external = this.resolver.externalName(body.file, site.callee);
    if (!external || !SUBPROCESS.has(external)) return undefined;
    return scriptOf(moduleIndexFor(this.ctx), site.strings.join(' '), body.file);
  }

  private isUnknownReceiver(body: Body, site: CallSite): boolean {
    if (site.callee.startsWith('?')) return true;
    const head = site.callee.split('.')[0];
    if (head === 'self' || head === 'cls') return true;
    const found = this.resolver.resolve(body.file, site.callee);
    return (
      found.local ||
      (found.symbol !== undefined && found.symbol.kind !== 'external' && found.rest.length > 0)
    );
  }

  /** A method of a repo class, looked up through its repo base classes. */
  private method(
    file: string,
    className: string,
    name: string,
    depth: number,
  ): RepoSymbol | undefined {
    const outline = this.resolver.outline(file);
    const cls = outline?.classes.find((c) => c.name === className);
    if (!cls || depth > 6) return undefined;
    if (cls.methods.includes(name)) return { kind: 'function', file, qual: `${className}.${name}` };
    for (const base of cls.bases) {
      const found = this.resolver.resolve(file, base);
      if (found.symbol?.kind === 'class' && found.rest.length === 0) {
        const inherited = this.method(found.symbol.file, found.symbol.name, name, depth + 1);
        if (inherited) return inherited;
      }
    }
    return undefined;
  }

  private enter(symbol: RepoSymbol, from: Item, step: Step): void {
    const via = { from, step };
    if (symbol.kind === 'function')
      this.add({ key: '', kind: 'function', file: symbol.file, name: symbol.qual, via });
    else if (symbol.kind === 'class') {
      this.add({ key: '', kind: 'class', file: symbol.file, name: symbol.name, via });
      // A class handed to a framework (`api.add_resource(Train, '/train')`) has its methods called there.
      if (step.kind === 'reference') {
        const cls = this.resolver.outline(symbol.file)?.classes.find((c) => c.name === symbol.name);
        for (const method of cls?.methods ?? []) {
          this.add({
            key: '',
            kind: 'function',
            file: symbol.file,
            name: `${symbol.name}.${method}`,
            via,
          });
        }
      }
    } else if (symbol.kind === 'module')
      this.add({ key: '', kind: 'module', file: symbol.file, name: '', via });
  }

  private liveClass(item: Item): void {
    this.liveClasses.push(item);
    const cls = this.resolver.outline(item.file)?.classes.find((c) => c.name === item.name);
    if (!cls) return;
    for (const method of cls.methods) {
      const called = this.calledMethods.get(method);
      if (LIVE_METHODS.has(method)) {
        this.add({
          key: '',
          kind: 'function',
          file: item.file,
          name: `${item.name}.${method}`,
          via: item.via,
        });
      } else if (called) {
        this.add({
          key: '',
          kind: 'function',
          file: item.file,
          name: `${item.name}.${method}`,
          via: dispatched(called, `${item.name}.${method}`),
        });
      }
    }
    // An instance of a subclass has its bases' methods too.
    for (const base of cls.bases) {
      const found = this.resolver.resolve(item.file, base);
      if (found.symbol?.kind === 'class' && found.rest.length === 0) {
        this.add({
          key: '',
          kind: 'class',
          file: found.symbol.file,
          name: found.symbol.name,
          via: item.via,
        });
      }
    }
  }

  private callMethod(name: string, from: Item, step: Step): void {
    if (this.calledMethods.has(name)) return;
    const via = { from, step };
    this.calledMethods.set(name, via);
    for (const live of this.liveClasses) {
      const cls = this.resolver.outline(live.file)?.classes.find((c) => c.name === live.name);
      if (cls?.methods.includes(name)) {
        const qual = `${live.name}.${name}`;
        this.add({
          key: '',
          kind: 'function',
          file: live.file,
          name: qual,
          via: dispatched(via, qual),
        });
      }
    }
  }

  /** Record a training call, keyed by the serving module's line where its path starts. */
  private hit(item: Item, training: Step): void {
    const steps: Step[] = [training];
    let current: Item | undefined = item;
    while (current?.via) {
      steps.unshift(current.via.step);
      current = current.via.from;
    }
    const start = steps.find((s) => s.file === this.root) ?? steps[0];
    const startIndex = steps.indexOf(start);
    // Steps before the serving module's last own step are inside it; keep the path from there.
    let lastOwn = startIndex;
    for (let i = startIndex; i < steps.length; i++) if (steps[i].file === this.root) lastOwn = i;
    const path = steps.slice(lastOwn);
    const key = `${path[0].location.line}:${path[0].location.cell?.index ?? ''}`;
    const existing = this.paths.get(key);
    if (existing && existing.steps.length <= path.length) return;
    const files: string[] = [];
    for (const step of path) if (!files.includes(step.file)) files.push(step.file);
    this.paths.set(key, { start: path[0], steps: path, files });
  }
}

/** The same call step, naming the repo method a by-name dispatch sent it to. */
function dispatched(via: { from: Item; step: Step }, qual: string): { from: Item; step: Step } {
  return { from: via.from, step: { ...via.step, dispatchedTo: qual } };
}

function importText(record: ScannedImport): string {
  const dots = '.'.repeat(record.level);
  if (record.kind === 'from')
    return `from ${dots}${record.module} import ${record.names.join(', ')}`;
  if (record.kind === 'notebook-run') return `%run ${record.module}`;
  return `import ${dots}${record.module}`;
}

/** `python [-u] path/to/train.py args` or `python -m pkg.train`: the repo file it runs. */
export function scriptOf(index: ModuleIndex, command: string, from: string): string | undefined {
  const words = command.split(/\s+/).filter(Boolean);
  const python = words.findIndex((w) => /(^|\/)python(\d(\.\d+)?)?$/.test(w));
  if (python < 0) return undefined;
  let i = python + 1;
  while (words[i]?.startsWith('-') && words[i] !== '-m') i++;
  if (words[i] === '-m' && words[i + 1]) {
    const record: ScannedImport = {
      module: words[i + 1],
      names: [],
      level: 0,
      file: from,
      location: { file: from, line: 1 },
      typeOnly: false,
      inFunction: false,
      guarded: false,
      kind: 'import',
      scope: '',
      mainGuard: false,
      binds: {},
    };
    const named = resolveImport(index, record).filter((t) => t.file && !t.implicit);
    return named[named.length - 1]?.file;
  }
  const path = words[i]?.replace(/^\.\//, '');
  if (!path?.endsWith('.py')) return undefined;
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  for (const candidate of [path, dir ? `${dir}/${path}` : path])
    if (index.files.has(candidate)) return candidate;
  return undefined;
}
