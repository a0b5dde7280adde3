// Reads workspace files once, as untrusted input: only files the workspace listed, never through
// a symlink that leaves the root, never more than the size cap, never a FIFO or device (which
// could block the run). Files that cannot be used are added to the run's skipped list once.
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { SkippedFile } from '../engine/result.js';
import type { WorkspaceFile } from '../engine/types.js';

/** How many leading bytes are searched for a NUL byte (the usual binary-file heuristic). */
export const BINARY_SNIFF_BYTES = 8192;

export interface ReaderOptions {
  maxFileSize: number;
  skipped: SkippedFile[];
}

export class WorkspaceReader {
  private readonly known: Set<string>;
  private readonly cache = new Map<string, Buffer | undefined>();
  private readonly skippedPaths: Set<string>;
  private rootReal: string | undefined;

  constructor(
    private readonly root: string,
    files: readonly WorkspaceFile[],
    private readonly options: ReaderOptions,
  ) {
    this.known = new Set(files.map((f) => f.path));
    // The workspace may already have skipped some files; never list a file twice.
    this.skippedPaths = new Set(options.skipped.map((s) => s.path));
  }

  /** The file's bytes, read at most once; undefined when absent, unlisted or skipped. */
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
    try {
      real = realpathSync(resolve(rootReal, path));
    } catch (err) {
      return isMissing(err) ? undefined : this.skip({ path, reason: 'unreadable' });
    }
    // The path is lexically inside the root, so escaping it takes a symlink.
    if (real !== rootReal && !real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep)) {
      return this.skip({ path, reason: 'symlink' });
    }
    try {
      const info = statSync(real);
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
