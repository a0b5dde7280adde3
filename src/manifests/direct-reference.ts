// Requirements given as a URL, a VCS reference or a local path (PEP 440 direct references and
// pip's legacy forms): what they point at and whether that resolves to one artifact.

export type ReferenceKind = 'vcs' | 'archive' | 'url' | 'path';

export interface DirectReference {
  kind: ReferenceKind;
  /** Name from `#egg=`, a wheel or archive file name, or the repository name, when one can be told. */
  name?: string;
  nameFrom?: 'egg' | 'wheel' | 'derived';
  /** Version specifier from a legacy `#egg=name==1.2` or from a wheel file name (`==1.2`). */
  specifier?: string;
  /** Extras from `#egg=name[extra]`. */
  extras?: string[];
  /** VCS ref after `@`, or the archive's version. */
  ref?: string;
  /** The URL carries a `#sha256=`-style hash fragment. */
  hashed: boolean;
  pinned: boolean;
  /** Unpinned, but only in strict mode (a tag, an abbreviated SHA). */
  strictOnly?: boolean;
  why?: string;
}

const VCS_SCHEME = /^(git|hg|svn|bzr)\+[a-z][a-z0-9+.-]*:/i;
const PLAIN_VCS = /^(git|svn):\/\//i;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const ARCHIVE = /\.(whl|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar|zip|egg)$/i;
const HASH_FRAGMENT = /(?:^|&)(sha1|sha224|sha256|sha384|sha512|md5)=[0-9a-f]+/i;
const EGG = /^([A-Za-z0-9][A-Za-z0-9._-]*?)(?:\[([^\]]*)\])?(?:(===|==|~=|>=|<=|!=|<|>)(.*))?$/;

/** A requirement token that is a URL (pip's `is_url`, plus `git+git@host:` scp-like VCS forms). */
export function isUrlLike(text: string): boolean {
  return VCS_SCHEME.test(text) || URL_SCHEME.test(text) || /^git\+git@/i.test(text);
}

/** A requirement token pip would read as a local path (pip's `_looks_like_path`, plus archives). */
export function isPathLike(text: string): boolean {
  const bare = text.replace(/\[[^\]]*\]$/, '');
  return (
    bare === '.' ||
    bare === '..' ||
    /^[.~/\\]/.test(bare) ||
    /^[A-Za-z]:[\\/]/.test(bare) ||
    bare.includes('/') ||
    bare.includes('\\') ||
    ARCHIVE.test(bare)
  );
}

export function classifyReference(target: string): DirectReference {
  const hashIndex = target.indexOf('#');
  const fragment = hashIndex >= 0 ? target.slice(hashIndex + 1) : '';
  const base = hashIndex >= 0 ? target.slice(0, hashIndex) : target;
  const hashed = HASH_FRAGMENT.test(fragment);
  const ref = classifyBase(base, hashed);

  const egg = /(?:^|&)egg=([^&]+)/.exec(fragment)?.[1];
  const eggParts = egg ? EGG.exec(decodeSafe(egg)) : null;
  if (eggParts) {
    ref.name = eggParts[1]!;
    ref.nameFrom = 'egg';
    const extras = splitExtras(eggParts[2]);
    if (extras.length > 0) ref.extras = extras;
    if (eggParts[3]) ref.specifier = `${eggParts[3]}${eggParts[4] ?? ''}`;
  }
  // A legacy `#egg=name==1.2` only labels the URL: what is installed is what the URL names.
  return ref;
}

function classifyBase(base: string, hashed: boolean): DirectReference {
  if (VCS_SCHEME.test(base) || PLAIN_VCS.test(base) || /^git\+git@/i.test(base)) {
    const ref = classifyVcs(base, hashed);
    const name = repositoryName(base);
    if (name) {
      ref.name = name;
      ref.nameFrom = 'derived';
    }
    return ref;
  }
  const path = stripQuery(base);
  const file = lastSegment(path);
  const wheel = wheelName(file);
  const archive = archiveName(file);
  // Forge archives (`github.com/o/repo/archive/<ref>.zip`) are named after the repository.
  const forgeRepo = /\/([A-Za-z0-9._-]+)\/(?:archive|zipball|tarball|-\/archive)\//.exec(path)?.[1];
  const named = (ref: DirectReference): DirectReference => {
    if (forgeRepo && !wheel) {
      ref.name = forgeRepo;
      ref.nameFrom = 'derived';
    } else if (wheel) {
      ref.name = wheel.name;
      ref.nameFrom = 'wheel';
      ref.specifier = `==${wheel.version}`;
      ref.ref = wheel.version;
    } else if (archive) {
      ref.name = archive.name;
      ref.nameFrom = 'derived';
      if (archive.version) ref.ref = archive.version;
    }
    return ref;
  };
  // A local file or folder is installed as it is in the repository: nothing is downloaded.
  if (!URL_SCHEME.test(base)) return named({ kind: 'path', hashed: true, pinned: true });
  if (ARCHIVE.test(path)) {
    const followsBranch = /\/refs\/heads\//.test(path) || !/\d/.test(file.replace(ARCHIVE, ''));
    if (followsBranch && !hashed) {
      return named({
        kind: 'archive',
        hashed,
        pinned: false,
        why: `archive URL ${file} names no version (it follows a branch)`,
      });
    }
    return named({ kind: 'archive', hashed, pinned: true });
  }
  return hashed
    ? { kind: 'url', hashed, pinned: true }
    : { kind: 'url', hashed, pinned: false, why: 'URL without a version or hash' };
}

function classifyVcs(base: string, hashed: boolean): DirectReference {
  const vcs = (/^(git|hg|svn|bzr)/i.exec(base)?.[1] ?? 'git').toLowerCase();
  const ref = vcsRef(base);
  if (ref === undefined) {
    return {
      kind: 'vcs',
      hashed,
      pinned: false,
      why: 'VCS reference without a commit: installs whatever the default branch holds',
    };
  }
  // A full commit id names the content cryptographically: as good as a hash.
  if (/^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(ref))
    return { kind: 'vcs', ref, hashed: true, pinned: true };
  if (vcs === 'svn' && /^\d+$/.test(ref)) return { kind: 'vcs', ref, hashed, pinned: true };
  if (/^[0-9a-f]{7,39}$/i.test(ref) && /\d/.test(ref)) {
    return {
      kind: 'vcs',
      ref,
      hashed,
      pinned: false,
      strictOnly: true,
      why: `abbreviated commit ${ref} (use the full 40-character SHA)`,
    };
  }
  if (
    /^v?\d+(?:[._-]\d+)*(?:[._+-]?[A-Za-z]+\d*)*$/.test(ref) ||
    /^(release|rel|tag)[-/_]?v?\d/i.test(ref)
  ) {
    return {
      kind: 'vcs',
      ref,
      hashed,
      pinned: false,
      strictOnly: true,
      why: `tag ${ref} can be moved; a commit SHA cannot`,
    };
  }
  return { kind: 'vcs', ref, hashed, pinned: false, why: `branch ${ref} moves with every push` };
}

/** The `@ref` of a VCS URL: an '@' inside the path, not the one in `user@host`. */
function vcsRef(base: string): string | undefined {
  const withoutScheme = base.replace(/^[a-z0-9+.-]+:\/\//i, '').replace(/^git\+/i, '');
  const slash = withoutScheme.search(/[/:]/);
  const path = slash >= 0 ? withoutScheme.slice(slash + 1) : '';
  const at = path.lastIndexOf('@');
  if (at < 0) return undefined;
  const ref = path.slice(at + 1).replace(/\/+$/, '');
  return ref === '' ? undefined : ref;
}

function repositoryName(base: string): string | undefined {
  const withoutScheme = base.replace(/^[a-z0-9+.-]+:\/\//i, '');
  const slash = withoutScheme.search(/[/:]/);
  const path = slash >= 0 ? withoutScheme.slice(slash + 1).replace(/@[^/@]*$/, '') : '';
  const name = lastSegment(path.replace(/\/+$/, '')).replace(/\.git$/i, '');
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) ? name : undefined;
}

/** Name and version of a wheel file (`pkg_name-1.0-py3-none-any.whl` → pkg-name, 1.0), as pip reads them. */
export function wheelName(file: string): { name: string; version: string } | undefined {
  const match = /^([^-]+)-([^-]+)-.+\.whl$/i.exec(file);
  return match ? { name: match[1]!.replace(/_/g, '-'), version: match[2]! } : undefined;
}

/** Name and version from an sdist or wheel file name (`pkg-1.0.4.tar.gz`). */
export function archiveName(file: string): { name: string; version?: string } | undefined {
  if (!ARCHIVE.test(file)) return undefined;
  const wheel = wheelName(file);
  if (wheel) return wheel;
  const stem = file.replace(ARCHIVE, '');
  const match = /^(.+?)-v?(\d[^-]*)$/.exec(stem);
  if (match) return { name: match[1]!, version: match[2]! };
  return /^[A-Za-z][A-Za-z0-9._-]*$/.test(stem) ? { name: stem } : undefined;
}

function splitExtras(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((extra) => extra.trim())
    .filter((extra) => extra.length > 0);
}

function lastSegment(path: string): string {
  const parts = path.split(/[/\\]/);
  return parts[parts.length - 1] ?? '';
}

function stripQuery(url: string): string {
  const q = url.indexOf('?');
  return q >= 0 ? url.slice(0, q) : url;
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
