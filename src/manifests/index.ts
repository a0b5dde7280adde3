// Every dependency declaration in the workspace, collected once per run and shared by the rules
// that need them (`pinned-dependencies`, `undeclared-dependencies`).
import { satisfies } from '@renovatebot/pep440';
import { getNodeValue } from 'jsonc-parser';
import type { RuleContext, WorkspaceFile } from '../engine/types.js';
import {
  MAY_INSTALL,
  databricksInstalls,
  magicInstalls,
  runtimeInstalls,
} from './code-installs.js';
import { environmentKind, parseEnvironment } from './conda.js';
import { declarePypi } from './declare.js';
import { dirname, joinPath, manifestKind, type ManifestKind } from './discover.js';
import { dockerfileDeclarations } from './dockerfile.js';
import { lockKind, readLock, type LockFile } from './locks.js';
import type { Declaration, ManifestProblem } from './model.js';
import { pep723Declarations } from './pep723.js';
import { parsePipfile } from './pipfile.js';
import { parsePyproject } from './pyproject.js';
import { parseRequirementsText, type RequirementsFile } from './requirements-file.js';
import { parseSetupCfg } from './setup-cfg.js';
import { parseSetupPy } from './setup-py.js';
import { hasShellShebang, shellScriptDeclarations } from './shell-script.js';
import { TomlLocator } from './toml-locator.js';
import { workflowDeclarations } from './workflow.js';

export type { Declaration, DeclarationSource, Ecosystem, ManifestProblem } from './model.js';
export { normalizeName } from './names.js';

/** A manifest that a lock file can pin (pyproject.toml, Pipfile), for the `lock` mode. */
export interface LockableManifest {
  file: string;
  kind: 'pyproject' | 'pipfile';
  /** Where its dependency list starts (reported when it has no lock). */
  line: number;
  dependencies: number;
  lock?: string;
}

export interface ManifestIndex {
  declarations: Declaration[];
  lockable: LockableManifest[];
  locks: LockFile[];
  /** Requirements files read (directly or through `-r`/`-c`). */
  requirementFiles: string[];
  /** `-r`/`-c` includes that point at a missing file or close a cycle (not fatal; reported by the rule). */
  includeProblems: ManifestProblem[];
}

/** What collecting needs from a rule's context (any rule's, whatever its options). */
export type ManifestContext = Pick<
  RuleContext<unknown>,
  'allFiles' | 'sources' | 'shared' | 'parseError'
>;

/**
 * Every dependency declaration in every manifest of the workspace (cached per run). The conda
 * `python` entry is the interpreter, not an importable distribution: it is left out here (the
 * pinning rule still judges it, through collectManifests).
 */
export function collectDeclarations(ctx: ManifestContext): Promise<Declaration[]> {
  return ctx.shared('manifests:declarations', () =>
    collectManifests(ctx).then((index) => index.declarations.filter((d) => !isInterpreter(d))),
  );
}

export function isInterpreter(declaration: Declaration): boolean {
  return declaration.ecosystem === 'conda' && declaration.normalizedName === 'python';
}

/** Declarations plus what the pinning rule needs about locks (cached per run). */
export function collectManifests(ctx: ManifestContext): Promise<ManifestIndex> {
  return ctx.shared('manifests:index', () => new Collector(ctx).run());
}

const MAX_CANDIDATE_SCRIPT = 512 * 1024;
const INSTALL_WORDS = ['install', 'create', 'sync'];

class Collector {
  private readonly declarations: Declaration[] = [];
  private readonly problems: ManifestProblem[] = [];
  private readonly includeProblems: ManifestProblem[] = [];
  private readonly known: Set<string>;
  private readonly locks = new Map<string, LockFile>();
  private readonly requirements = new Map<string, RequirementsFile | undefined>();
  private readonly lockable: LockableManifest[] = [];
  private readonly projectNames = new Map<string, string>();

  constructor(private readonly ctx: ManifestContext) {
    this.known = new Set(ctx.allFiles.map((file) => file.path));
  }

  async run(): Promise<ManifestIndex> {
    const byKind = new Map<ManifestKind, WorkspaceFile[]>();
    for (const file of this.ctx.allFiles) {
      const kind = manifestKind(file.path);
      if (kind) byKind.set(kind, [...(byKind.get(kind) ?? []), file]);
    }
    const each = async (
      kind: ManifestKind,
      read: (file: WorkspaceFile) => void | Promise<void>,
    ): Promise<void> => {
      for (const file of byKind.get(kind) ?? []) {
        try {
          await read(file);
        } catch (error) {
          // A parser bug must not hide the other manifests: report it on the file and go on.
          this.problems.push({
            file: file.path,
            line: 1,
            message: `could not read dependencies: ${error instanceof Error ? error.message : String(error)}`,
          });
        }
      }
    };
    await each('lock', (file) => this.readLockFile(file.path));
    await each('requirements', (file) => {
      this.readRequirements(file.path, []);
    });
    await each('requirements-in', (file) => {
      this.readRequirements(file.path, [], true);
    });
    await each('pyproject', (file) => this.readPyproject(file.path));
    await each('pipfile', (file) => this.readPipfile(file.path));
    await each('setup.py', (file) => this.readSetupPy(file.path));
    await each('setup.cfg', (file) => this.readSetupCfg(file.path));
    await each('yaml', (file) => this.readYaml(file.path));
    await each('workflow', (file) => this.readWorkflow(file.path));
    await each('dockerfile', (file) => this.readDockerfile(file.path));
    await each('shell', (file) => this.readShell(file.path, false));
    await each('shell-candidate', (file) =>
      file.size <= MAX_CANDIDATE_SCRIPT ? this.readShell(file.path, true) : undefined,
    );
    await each('notebook', (file) => this.readNotebook(file.path));
    await each('python', (file) => this.readPython(file.path));
    this.applySameFilePins();
    this.applyLocks();
    this.applyCompiledRequirements();
    this.suggestKnownVersions();
    for (const problem of this.problems) this.ctx.parseError(problem);
    return {
      declarations: this.declarations,
      lockable: this.lockable,
      locks: [...this.locks.values()],
      requirementFiles: [...this.requirements.entries()]
        .filter(([, parsed]) => parsed)
        .map(([file]) => file),
      includeProblems: this.includeProblems,
    };
  }

  private text(file: string): string | undefined {
    return this.ctx.sources.text(file);
  }

  private readLockFile(file: string): void {
    const kind = lockKind(file.slice(file.lastIndexOf('/') + 1));
    if (!kind) return;
    let value: unknown;
    if (kind === 'pipfile') {
      const node = this.ctx.sources.json(file);
      value = node ? getNodeValue(node) : undefined;
    } else value = this.ctx.sources.toml(file);
    if (value !== undefined) this.locks.set(file, readLock(file, kind, value));
  }

  /** Parse a requirements file once, following `-r`/`-c` includes (cycles and missing files reported). */
  private readRequirements(
    file: string,
    chain: string[],
    validateContent = false,
  ): RequirementsFile | undefined {
    if (this.requirements.has(file)) return this.requirements.get(file);
    const text = this.text(file);
    if (text === undefined) {
      this.requirements.set(file, undefined);
      return undefined;
    }
    const parsed = parseRequirementsText(text);
    // Jinja-templated lines are template syntax, not requirements.
    parsed.invalid = parsed.invalid.filter((invalid) => !/\{\{|\{%/.test(invalid.text));
    if (validateContent && (parsed.invalid.length > 0 || parsed.entries.length === 0)) {
      // A `.in` file that is not a requirements file (a template of some other kind): not ours.
      this.requirements.set(file, undefined);
      return undefined;
    }
    this.requirements.set(file, parsed);
    for (const invalid of parsed.invalid) {
      if (invalid.ignored) continue;
      this.problems.push({
        file,
        line: invalid.line,
        column: invalid.column,
        message: `${invalid.message} (in "${invalid.text}")`,
      });
    }
    for (const entry of parsed.entries) {
      const declaration = declarePypi(entry.analysis, {
        file,
        line: entry.line,
        column: entry.column,
        endLine: entry.endLine,
        endColumn: entry.endColumn,
        source: 'requirements',
      });
      if (declaration) this.declarations.push(declaration);
    }
    for (const include of parsed.includes) {
      const target = joinPath(dirname(file), include.path);
      if (target === undefined || /\$\{?[A-Za-z_]/.test(include.path)) continue;
      if (chain.includes(target) || target === file) {
        this.includeProblems.push({
          file,
          line: include.line,
          column: include.column,
          message: `-${include.kind === 'requirements' ? 'r' : 'c'} ${include.path} includes a file that is already being read (a cycle: ${[...chain, file, target].join(' → ')})`,
        });
        continue;
      }
      if (!this.known.has(target)) {
        this.includeProblems.push({
          file,
          line: include.line,
          column: include.column,
          message: `-${include.kind === 'requirements' ? 'r' : 'c'} ${include.path}: ${target} is not in the repository, so its dependencies cannot be checked`,
        });
        continue;
      }
      this.readRequirements(target, [...chain, file]);
    }
    return parsed;
  }

  private readPyproject(file: string): void {
    const value = this.ctx.sources.toml(file);
    const text = this.text(file);
    if (!value || text === undefined) return;
    const result = parsePyproject(file, value, new TomlLocator(text));
    this.declarations.push(...result.declarations);
    this.problems.push(...result.problems);
    if (result.projectName) this.projectNames.set(file, result.projectName);
    if (result.declarations.length > 0) {
      this.lockable.push({
        file,
        kind: 'pyproject',
        line: Math.min(...result.declarations.map((d) => d.line)),
        dependencies: result.declarations.length,
      });
    }
  }

  private readPipfile(file: string): void {
    const value = this.ctx.sources.toml(file);
    const text = this.text(file);
    if (!value || text === undefined) return;
    const declarations = parsePipfile(file, value, new TomlLocator(text));
    this.declarations.push(...declarations);
    if (declarations.length > 0) {
      this.lockable.push({
        file,
        kind: 'pipfile',
        line: Math.min(...declarations.map((d) => d.line)),
        dependencies: declarations.length,
      });
    }
  }

  private async readSetupPy(file: string): Promise<void> {
    const text = this.text(file);
    if (text === undefined || !/install_requires|extras_require/.test(text)) return;
    const unit = this.ctx.sources.code(file)?.units[0];
    const tree = unit ? await this.ctx.sources.tree(unit) : undefined;
    if (!tree) return;
    const result = parseSetupPy(file, tree);
    this.declarations.push(...result.declarations);
    this.problems.push(...result.problems);
  }

  private readSetupCfg(file: string): void {
    const text = this.text(file);
    if (text === undefined || !/install_requires|extras_require/.test(text)) return;
    const result = parseSetupCfg(file, text);
    this.declarations.push(...result.declarations);
    this.problems.push(...result.problems);
  }

  private readYaml(file: string): void {
    const text = this.text(file);
    if (text === undefined || !/^dependencies\s*:/m.test(text)) return;
    const docs = this.ctx.sources.yaml(file);
    for (const doc of docs ?? []) {
      if (!environmentKind(doc)) continue;
      const result = parseEnvironment(file, doc, (offset) =>
        this.ctx.sources.position(file, offset),
      );
      this.declarations.push(...result.declarations);
      this.problems.push(...result.problems);
      for (const include of result.includes) {
        const target = joinPath(dirname(file), include.path);
        if (target === undefined) continue;
        if (this.known.has(target)) this.readRequirements(target, [file]);
        else
          this.includeProblems.push({
            file,
            line: include.line,
            column: include.column,
            message: `-r ${include.path}: ${target} is not in the repository, so its dependencies cannot be checked`,
          });
      }
    }
  }

  private readWorkflow(file: string): void {
    if (this.text(file) === undefined) return;
    for (const doc of this.ctx.sources.yaml(file) ?? []) {
      this.declarations.push(
        ...workflowDeclarations(file, doc, (offset) => this.ctx.sources.position(file, offset)),
      );
    }
  }

  private readDockerfile(file: string): void {
    const text = this.text(file);
    if (text === undefined) return;
    const result = dockerfileDeclarations(file, text);
    this.declarations.push(...result.declarations);
    this.problems.push(...result.problems);
  }

  private readShell(file: string, needsShebang: boolean): void {
    const text = this.text(file);
    if (text === undefined || (needsShebang && !hasShellShebang(text))) return;
    const result = shellScriptDeclarations(file, text);
    this.declarations.push(...result.declarations);
    this.problems.push(...result.problems);
  }

  private async readNotebook(file: string): Promise<void> {
    // Most notebook bytes are outputs; a notebook that never says "install" installs nothing.
    const bytes = this.ctx.sources.bytes(file);
    if (!bytes || !INSTALL_WORDS.some((word) => bytes.includes(word))) return;
    const document = this.ctx.sources.code(file);
    for (const unit of document?.units ?? []) {
      this.declarations.push(...magicInstalls(unit));
      if (MAY_INSTALL.test(unit.text)) {
        const tree = await this.ctx.sources.tree(unit);
        if (tree) this.declarations.push(...runtimeInstalls(unit, tree));
      }
    }
  }

  private async readPython(file: string): Promise<void> {
    const text = this.text(file);
    if (text === undefined) return;
    this.declarations.push(...databricksInstalls(file, text));
    if (text.includes('# /// script')) {
      const result = pep723Declarations(file, text);
      this.declarations.push(...result.declarations);
      this.problems.push(...result.problems);
    }
    if (
      MAY_INSTALL.test(text) &&
      /\b(os|subprocess|sp|get_ipython\(\))\.|\b(system|check_call|check_output)\(/.test(text)
    ) {
      const unit = this.ctx.sources.code(file)?.units[0];
      const tree = unit ? await this.ctx.sources.tree(unit) : undefined;
      if (unit && tree) this.declarations.push(...runtimeInstalls(unit, tree));
    }
  }

  /**
   * One manifest installs its entries together: `pkg==1.2` and `pkg[extra]>=1` in the same file
   * resolve to 1.2, so the range is pinned by its sibling (when the pin satisfies it).
   */
  private applySameFilePins(): void {
    for (const declarations of this.declarationsByFile().values()) {
      const exact = new Map<string, Declaration>();
      for (const d of declarations) {
        if (
          d.ecosystem === 'pypi' &&
          d.pinned &&
          d.version &&
          !d.marker &&
          !d.command &&
          !/^[0-9a-f]{40}$/i.test(d.version)
        )
          exact.set(d.normalizedName, d);
      }
      for (const d of declarations) {
        const pin = exact.get(d.normalizedName);
        if (
          !pin ||
          d.pinned ||
          d.command ||
          d.strictOnly ||
          /:\/\/|^(git|hg|svn|bzr)\+/.test(d.specifier)
        )
          continue;
        if (d.specifier !== '' && !satisfiesSpecifier(pin.version!, d.specifier)) continue;
        d.pinned = true;
        d.version = pin.version!;
        delete d.why;
        delete d.suggestion;
      }
    }
  }

  /** A lock beside pyproject.toml / Pipfile pins what it lists, and is stale when it misses an entry. */
  private applyLocks(): void {
    const byFile = this.declarationsByFile();
    for (const manifest of this.lockable) {
      const lock = this.lockFor(manifest, byFile);
      if (!lock) continue;
      manifest.lock = lock.file;
      const self = this.projectNames.get(manifest.file);
      for (const declaration of byFile.get(manifest.file) ?? []) {
        if (declaration.ecosystem !== 'pypi') continue;
        if (self && declaration.normalizedName === normalize(self)) continue;
        if (declaration.specifier.startsWith('path ')) continue;
        const locked = lock.packages.get(declaration.normalizedName);
        if (locked) lockedBy(declaration, lock.file, locked.version);
        else {
          const base = lock.file.slice(lock.file.lastIndexOf('/') + 1);
          declaration.pinned = false;
          delete declaration.strictOnly;
          declaration.why = `${base} beside it does not lock ${declaration.name} (the lock is stale)`;
          declaration.staleLock = lock.file;
          declaration.suggestion = `regenerate the lock (${lockCommand(lock.kind)}) and commit it`;
        }
      }
    }
  }

  private declarationsByFile(): Map<string, Declaration[]> {
    const byFile = new Map<string, Declaration[]>();
    for (const declaration of this.declarations) {
      const list = byFile.get(declaration.file);
      if (list) list.push(declaration);
      else byFile.set(declaration.file, [declaration]);
    }
    return byFile;
  }

  private lockFor(
    manifest: LockableManifest,
    byFile: Map<string, Declaration[]>,
  ): LockFile | undefined {
    const dir = dirname(manifest.file);
    const at = (name: string): LockFile | undefined =>
      this.locks.get(dir ? `${dir}/${name}` : name);
    if (manifest.kind === 'pipfile') return at('Pipfile.lock');
    const preferred = (byFile.get(manifest.file) ?? []).some((d) => d.source === 'poetry')
      ? ['poetry.lock', 'uv.lock', 'pdm.lock', 'pylock.toml']
      : ['uv.lock', 'pdm.lock', 'pylock.toml', 'poetry.lock'];
    for (const name of preferred) {
      const lock = at(name);
      if (lock) return lock;
    }
    const named = [...this.locks.values()].find(
      (lock) => dirname(lock.file) === dir && lock.kind === 'pylock',
    );
    if (named) return named;
    // A uv workspace member is locked by the workspace root's uv.lock, which lists the member.
    const self = this.projectNames.get(manifest.file);
    if (!self) return undefined;
    for (let parent = dir; parent !== '';) {
      parent = dirname(parent);
      const lock = this.locks.get(parent ? `${parent}/uv.lock` : 'uv.lock');
      if (lock?.packages.has(normalize(self))) return lock;
      if (parent === '') break;
    }
    return undefined;
  }

  /** pip-tools: `x.in` is pinned by its compiled `x.txt`; `-c constraints.txt` pins what it lists. */
  private applyCompiledRequirements(): void {
    let byFile = this.declarationsByFile();
    const exactIn = (file: string): Map<string, { version?: string; hashed: boolean }> => {
      const pins = new Map<string, { version?: string; hashed: boolean }>();
      for (const declaration of byFile.get(file) ?? []) {
        if (!declaration.pinned) continue;
        const pin: { version?: string; hashed: boolean } = { hashed: !!declaration.hashed };
        if (declaration.version !== undefined) pin.version = declaration.version;
        pins.set(declaration.normalizedName, pin);
      }
      return pins;
    };
    for (const [file, parsed] of this.requirements) {
      if (!parsed) continue;
      if (file.endsWith('.in')) {
        const compiled = file.replace(/\.in$/, '.txt');
        const wasRead = this.requirements.has(compiled);
        if (
          this.requirements.get(compiled) ??
          (this.known.has(compiled) ? this.readRequirements(compiled, []) : undefined)
        ) {
          if (!wasRead) byFile = this.declarationsByFile();
          const pins = exactIn(compiled);
          for (const declaration of byFile.get(file) ?? []) {
            if (declaration.source !== 'requirements') continue;
            const pin = pins.get(declaration.normalizedName);
            if (pin) lockedBy(declaration, compiled, pin.version, pin.hashed);
            else if (!declaration.pinned) {
              declaration.why = `${compiled.slice(compiled.lastIndexOf('/') + 1)} (compiled from this file) does not pin it: recompile`;
              declaration.suggestion = `run pip-compile ${file.slice(file.lastIndexOf('/') + 1)} and commit the result`;
            }
          }
        }
      }
      for (const include of parsed.includes) {
        if (include.kind !== 'constraints') continue;
        const target = joinPath(dirname(file), include.path);
        if (!target || !this.requirements.get(target)) continue;
        const pins = exactIn(target);
        for (const declaration of byFile.get(file) ?? []) {
          if (declaration.pinned || declaration.source !== 'requirements') continue;
          const pin = pins.get(declaration.normalizedName);
          if (pin) lockedBy(declaration, target, pin.version, pin.hashed);
        }
      }
    }
  }

  /** Suggest the exact version the repository already uses elsewhere (a lock, another pin). */
  private suggestKnownVersions(): void {
    const known = new Map<string, { version: string; where: string }>();
    for (const lock of this.locks.values()) {
      for (const [name, entry] of lock.packages) {
        if (entry.version && !known.has(name))
          known.set(name, { version: entry.version, where: `the version in ${lock.file}` });
      }
    }
    for (const declaration of this.declarations) {
      if (
        declaration.ecosystem !== 'pypi' ||
        !declaration.pinned ||
        !declaration.version ||
        declaration.lockedBy
      )
        continue;
      if (/^[0-9a-f]{40}$/i.test(declaration.version)) continue;
      if (!known.has(declaration.normalizedName))
        known.set(declaration.normalizedName, {
          version: declaration.version,
          where: `pinned in ${declaration.file}:${declaration.line}`,
        });
    }
    for (const declaration of this.declarations) {
      if (
        declaration.pinned ||
        declaration.ecosystem !== 'pypi' ||
        declaration.why?.includes('stale')
      )
        continue;
      if (/^(git|hg|svn|bzr)\+|:\/\//.test(declaration.specifier)) continue;
      const hit = known.get(declaration.normalizedName);
      if (hit)
        declaration.suggestion = `pin it: ${declaration.name}==${hit.version} (${hit.where})`;
    }
  }
}

function satisfiesSpecifier(version: string, specifier: string): boolean {
  try {
    return satisfies(version, specifier);
  } catch {
    return false;
  }
}

function lockedBy(declaration: Declaration, file: string, version?: string, hashed = true): void {
  declaration.pinned = true;
  declaration.lockedBy = file;
  if (hashed) declaration.hashed = true;
  if (version !== undefined) declaration.version = version;
  delete declaration.why;
  delete declaration.suggestion;
  delete declaration.strictOnly;
}

function lockCommand(kind: LockFile['kind']): string {
  return {
    uv: 'uv lock',
    poetry: 'poetry lock',
    pdm: 'pdm lock',
    pylock: 'pip lock / uv export',
    pipfile: 'pipenv lock',
  }[kind];
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
