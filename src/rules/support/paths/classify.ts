// Decides whether one string is an absolute or personal file-system path that ties code to one
// machine or platform, and if so which kind, so the message and the fix hint can be specific.
// Pure and context-free: where the string came from (comment, route, regex) is decided elsewhere.

/** Stands for an interpolated or formatted part (`{user}` in an f-string) inside a literal. */
export const HOLE = '\u{E000}';

export type PathKind =
  | 'home'
  | 'databricks-user'
  | 'windows-home'
  | 'windows-drive'
  | 'unc'
  | 'tilde'
  | 'tilde-tool'
  | 'colab-drive'
  | 'colab-runtime'
  | 'dbfs'
  | 'databricks-workspace'
  | 'volume'
  | 'mount'
  | 'shared-storage'
  | 'root-home'
  | 'kaggle'
  | 'absolute';

export interface PathClass {
  kind: PathKind;
  /** What the path is, for the message: "personal home directory path". */
  label: string;
  /** How to fix this kind of path. */
  hint: string;
}

interface KindInfo {
  label: string;
  hint: string;
  /** Reported only in strict mode: platform or machine paths outside the usual prefixes. */
  strictOnly?: boolean;
}

const CONFIG_HINT =
  'read the location from a config entry or an environment variable, or build it relative to the project root (Path(__file__).parent)';

export const PATH_KINDS: Readonly<Record<PathKind, KindInfo>> = {
  home: {
    label: 'personal home directory path',
    hint: `This directory exists only on one person's machine: ${CONFIG_HINT}.`,
  },
  'databricks-user': {
    label: 'Databricks workspace user folder',
    hint: "Pass the folder as a job or notebook parameter (widget) instead of baking in one user's workspace folder.",
  },
  'windows-home': {
    label: 'Windows user profile path',
    hint: `It exists only on that Windows account and breaks on Linux CI and servers: ${CONFIG_HINT}.`,
  },
  'windows-drive': {
    label: 'Windows drive path',
    hint: `Drive letters exist only on Windows machines set up that way: ${CONFIG_HINT}.`,
  },
  unc: {
    label: 'Windows network share (UNC) path',
    hint: 'The share is reachable only from machines on that network: read its location from config or an environment variable.',
  },
  tilde: {
    label: 'home-relative path',
    hint: `"~" expands to a different directory for every user and in CI: ${CONFIG_HINT}.`,
  },
  'tilde-tool': {
    label: 'path in a tool directory under the home folder',
    hint: 'Let the tool find its own directory (its default or its environment variable) instead of spelling it out.',
    strictOnly: true,
  },
  'colab-drive': {
    label: 'Colab Google Drive mount',
    hint: "Drive is mounted only in that account's Colab session: download the data in the notebook, or read its location from a config entry or an environment variable.",
  },
  'colab-runtime': {
    label: 'Colab runtime path',
    hint: `/content exists only inside a Colab runtime: ${CONFIG_HINT}.`,
    strictOnly: true,
  },
  dbfs: {
    label: 'Databricks DBFS path',
    hint: 'DBFS exists only on Databricks: pass the location as a job parameter, widget or config entry, with a relative default for local runs.',
  },
  'databricks-workspace': {
    label: 'Databricks workspace path',
    hint: 'Workspace paths exist only in that Databricks workspace: pass the path as a job or notebook parameter.',
  },
  volume: {
    label: 'mounted volume path',
    hint: 'Volumes (Unity Catalog or a local disk) are named per workspace or machine: read the location from config or an environment variable.',
  },
  mount: {
    label: 'mount-point path',
    hint: 'Mount points differ per machine and cluster: read the mount root from config or an environment variable.',
  },
  'shared-storage': {
    label: 'shared cluster file-system path',
    hint: 'Cluster file systems are mounted only on that cluster: read the root from config or an environment variable.',
  },
  'root-home': {
    label: "root user's home directory path",
    hint: `It exists only where the code runs as root: ${CONFIG_HINT}.`,
    strictOnly: true,
  },
  kaggle: {
    label: 'Kaggle kernel path',
    hint: `/kaggle exists only inside a Kaggle kernel: ${CONFIG_HINT}.`,
    strictOnly: true,
  },
  absolute: {
    label: 'machine-specific absolute path',
    hint: `Absolute paths outside the project tie the code to one machine layout: ${CONFIG_HINT}.`,
    strictOnly: true,
  },
};

// First path segments that name the operating system, not data: never reported.
const SYSTEM_ROOTS = new Set([
  'tmp',
  'var',
  'dev',
  'proc',
  'sys',
  'etc',
  'usr',
  'bin',
  'sbin',
  'lib',
  'lib32',
  'lib64',
  'opt',
  'run',
  'boot',
  'snap',
  'nix',
  'private',
  'System',
  'Library',
  'Applications',
  'cores',
]);

// First segments that usually start a URL route rather than a file path (strict tier only).
const ROUTE_ROOTS = /^(api|v\d+|static|assets|auth|docs|graphql|healthz?|metrics)$/i;

const PLATFORM_ROOTS: Readonly<Record<string, PathKind>> = {
  dbfs: 'dbfs',
  Workspace: 'databricks-workspace',
  Volumes: 'volume',
  mnt: 'mount',
  media: 'mount',
  efs: 'shared-storage',
  gpfs: 'shared-storage',
  scratch: 'shared-storage',
  lustre: 'shared-storage',
  fsx: 'shared-storage',
  nfs: 'shared-storage',
  root: 'root-home',
  kaggle: 'kaggle',
};

// A user or folder name: word characters, dots, dashes, @ (Databricks e-mail folders), or a hole.
const NAME = new RegExp(`^(?:[\\p{L}\\p{N}_.@+-]|${HOLE}|\\{[^{}]*\\}|%s)+$`, 'u');
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;

export interface ClassifyOptions {
  strict: boolean;
}

/** The kind of machine-specific path `text` is, or undefined when it is not one (or not in this mode). */
export function classifyPath(text: string, options: ClassifyOptions): PathClass | undefined {
  const kind = pathKind(text);
  if (!kind) return undefined;
  const info = PATH_KINDS[kind];
  if (info.strictOnly && !options.strict) return undefined;
  return { kind, label: info.label, hint: info.hint };
}

/** The kind regardless of mode (strict-only kinds included). */
export function pathKind(raw: string): PathKind | undefined {
  const text = raw.trim();
  if (text.length < 2 || text.length > 4096 || /[\n\r\0]/.test(text)) return undefined;
  const local = stripLocalUrl(text);
  if (local !== undefined) return local === text ? undefined : pathKind(local);
  if (/^dbfs:\//i.test(text)) return 'dbfs';
  if (URL_SCHEME.test(text)) return undefined;
  return windowsKind(text) ?? tildeKind(text) ?? posixKind(text);
}

// `file:///home/x` and `sqlite:////home/x.db` name local files: classify the path they hold.
function stripLocalUrl(text: string): string | undefined {
  const file = /^file:(?:\/\/(?:localhost)?)?(\/.*)$/i.exec(text);
  if (file) return /^\/[A-Za-z]:[\\/]/.test(file[1]) ? file[1].slice(1) : file[1];
  const sqlite = /^sqlite:\/\/\/(\/.+)$/i.exec(text);
  if (sqlite) return sqlite[1];
  return undefined;
}

function windowsKind(text: string): PathKind | undefined {
  const drive = /^[A-Za-z]:[\\/]+(.*)$/.exec(text);
  if (drive) {
    const rest = drive[1];
    if (!rest || !/^[\w.$~ -]/.test(rest)) return undefined;
    return /^(users|documents and settings)[\\/]+[^\\/]/i.test(rest)
      ? 'windows-home'
      : 'windows-drive';
  }
  // Extended-length prefix `\\?\C:\...` is still a drive path; `\\.\pipe` is a device.
  if (text.startsWith('\\\\?\\')) return windowsKind(text.slice(4));
  if (/^\\\\[A-Za-z0-9_$-][\w.$-]*\\+[\w$.-]/.test(text)) return 'unc';
  return undefined;
}

function tildeKind(text: string): PathKind | undefined {
  const own = /^~[\\/]+(.+)$/.exec(text);
  if (own) {
    if (!/^[\w.-]/.test(own[1])) return undefined;
    return own[1].startsWith('.') ? 'tilde-tool' : 'tilde';
  }
  if (/^~[A-Za-z_][\w.-]*[\\/]+[^\\/]/.test(text)) return 'tilde';
  return undefined;
}

function posixKind(text: string): PathKind | undefined {
  if (!text.startsWith('/') || text.startsWith('//')) return undefined;
  const segments = text.slice(1).split('/');
  const [first, second = ''] = segments;
  if (!first || !NAME.test(first) || first.startsWith(HOLE)) return undefined;
  if (SYSTEM_ROOTS.has(first)) return undefined;
  if (first === 'home' || first === 'Users') {
    if (!second || !NAME.test(second)) return undefined;
    return first === 'Users' && second.includes('@') ? 'databricks-user' : 'home';
  }
  if (first === 'content') {
    return second === 'drive' || second === 'gdrive' ? 'colab-drive' : 'colab-runtime';
  }
  const platform = PLATFORM_ROOTS[first];
  if (platform) return platform;
  return looksLikeDataLocation(segments) ? 'absolute' : undefined;
}

// The strict tier: at least two named segments, no whitespace, wildcards or route-like roots,
// so fragments ("/images/"), routes ("/predict") and patterns stay quiet.
function looksLikeDataLocation(segments: string[]): boolean {
  const named = segments.filter((segment) => segment !== '');
  if (named.length < 2 || ROUTE_ROOTS.test(segments[0])) return false;
  return named.every((segment) => /^[\p{L}\p{N}_.@+-]+$/u.test(segment) || segment.includes(HOLE));
}
