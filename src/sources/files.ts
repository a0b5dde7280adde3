// Reads workspace files as untrusted input: only files the workspace listed, never through a
// symlink that leaves the root, never more than the size cap, never a FIFO or device (which could
// block the run). Files that cannot be used are added to the run's skipped list once.
// Raw bytes are kept within a memory budget: parsed views are what the rules reuse, and they are
// cached by the sources, while keeping every raw byte (notebooks are mostly outputs) would hold
// the whole repository in memory. A file that did not fit is read again when asked again.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SkippedFile } from '../engine/result.js';
import type { WorkspaceFile } from '../engine/types.js';
import { RetainingCache } from './retention.js';

/** How many leading bytes are searched for a NUL byte (the usual binary-file heuristic). */
export const BINARY_SNIFF_BYTES = 8192;

/** How much raw content is kept between requests (see the file comment). */
export interface Retention {
  /** Files up to this many bytes are kept... */
  fileLimit: number;
  /** ...while all kept files together stay under this many bytes. */
  total: number;
}

/**
 * A repository of up to 64 MiB is read once, as if nothing were dropped; in a larger one the files
 * read first stay and the rest are read again when asked (each re-read costs about what the scan
 * of a notebook's outputs costs, and keeping them all would cost their size in memory).
 */
export const DEFAULT_BYTE_RETENTION: Retention = {
  fileLimit: 16 * 1024 * 1024,
  total: 64 * 1024 * 1024,
};

export interface ReaderOptions {
  maxFileSize: number;
  skipped: SkippedFile[];
  retention?: Retention;
}

export class WorkspaceReader {
  private readonly known: Set<string>;
  private readonly cache: RetainingCache<Buffer | undefined>;
  private readonly skippedPaths: Set<string>;
  /** Real path of each folder files were read from (or the error finding it), resolved once. */
  private readonly realFolders = new Map<string, string | NodeJS.ErrnoException>();
  private rootReal: string | undefined;

  constructor(
    private readonly root: string,
    files: readonly WorkspaceFile[],
    private readonly options: ReaderOptions,
  ) {
    this.known = new Set(files.map((f) => f.path));
    // The workspace may already have skipped some files; never list a file twice.
    this.skippedPaths = new Set(options.skipped.map((s) => s.path));
    const { fileLimit, total } = options.retention ?? DEFAULT_BYTE_RETENTION;
    this.cache = new RetainingCache(fileLimit, total, (bytes) => bytes?.length ?? 0);
  }

  /**
   * The file's bytes; undefined when absent, unlisted or skipped. Files that fit the retention
   * budget are read once per run; others again when asked after other files (never for
   * back-to-back calls).
   */
  read(path: string): Buffer | undefined {
    if (this.cache.has(path)) return this.cache.get(path);
    const bytes = this.load(path);
    this.cache.set(path, bytes);
    return bytes;
  }

  private load(path: string): Buffer | undefined {
    if (!this.known.has(path)) return undefined;
    if (!isSafeRelative(path)) return this.skip({ path, reason: 'outside-workspace' });
    const rootReal = this.realRoot();
    let real: string;
    let info: Stats;
    try {
      ({ real, info } = this.resolveReal(resolve(rootReal, path)));
    } catch (err) {
      return isMissing(err) ? undefined : this.skip({ path, reason: 'unreadable' });
    }
    // The path is lexically inside the root, so escaping it takes a symlink.
    if (real !== rootReal && !real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep)) {
      return this.skip({ path, reason: 'symlink' });
    }
    try {
      if (!info.isFile()) return this.skip({ path, reason: 'unreadable' });
      if (info.size > this.options.maxFileSize) {
        return this.skip({ path, reason: 'too-large', size: info.size });
      }
      const bytes = this.readCapped(real);
      if (bytes === 'too-large') return this.skip({ path, reason: 'too-large' });
      if (isBinary(bytes)) return this.skip({ path, reason: 'binary', size: bytes.length });
      return bytes;
    } catch (err) {
      return isMissing(err) ? undefined : this.skip({ path, reason: 'unreadable' });
    }
  }

  /** Read at most maxFileSize bytes; a file that grew past the cap since stat is too large. */
  private readCapped(real: string): Buffer | 'too-large' {
    // O_NONBLOCK: if the file was swapped for a FIFO after stat, open must not wait for a writer.
    const fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const info = fstatSync(fd);
      if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
      const cap = this.options.maxFileSize;
      const buffer = Buffer.alloc(Math.min(info.size, cap) + 1);
      let length = 0;
      for (;;) {
        const n = readSync(fd, buffer, length, buffer.length - length, null);
        if (n === 0) break;
        length += n;
        if (length > cap) return 'too-large';
        if (length === buffer.length) break;
      }
      return buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The real path of `absolute` and what it is, as realpath() and stat() would say, with each
   * folder resolved once per run rather than once per file in it.
   */
  private resolveReal(absolute: string): { real: string; info: Stats } {
    const folder = dirname(absolute);
    let realFolder = this.realFolders.get(folder);
    if (realFolder === undefined) {
      try {
        realFolder = realpathSync(folder);
      } catch (err) {
        realFolder = err as NodeJS.ErrnoException;
      }
      this.realFolders.set(folder, realFolder);
    }
    if (typeof realFolder !== 'string') throw realFolder;
    const candidate = join(realFolder, basename(absolute));
    const info = lstatSync(candidate);
    if (!info.isSymbolicLink()) return { real: candidate, info };
    const real = realpathSync(candidate);
    return { real, info: statSync(real) };
  }

  private realRoot(): string {
    this.rootReal ??= realpathSync(this.root);
    return this.rootReal;
  }

  private skip(entry: SkippedFile): undefined {
    if (!this.skippedPaths.has(entry.path)) {
      this.skippedPaths.add(entry.path);
      this.options.skipped.push(entry);
    }
    return undefined;
  }
}

/** A NUL byte in the first 8 KiB marks a binary file. */
export function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1;
}

/** Repository-relative, `/`-separated, without `..` or absolute forms. */
function isSafeRelative(path: string): boolean {
  if (path === '' || path.includes('\0') || isAbsolute(path)) return false;
  if (/^[A-Za-z]:/.test(path)) return false;
  const parts = path.split('/');
  if (parts.some((p) => p === '..')) return false;
  const rel = relative('/r', resolve('/r', path));
  return rel !== '' && !rel.startsWith('..');
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
