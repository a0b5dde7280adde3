// The shared Declaration model: one dependency as some manifest, lock, script or notebook states it.
// `pinned-dependencies` judges these; `undeclared-dependencies` reads their names.
import type { CellRef } from '../engine/types.js';

export type DeclarationSource =
  | 'requirements'
  | 'pyproject'
  | 'poetry'
  | 'pipfile'
  | 'setup.py'
  | 'setup.cfg'
  | 'conda'
  | 'conda-pip'
  | 'dockerfile'
  | 'shell'
  | 'notebook'
  | 'pep723'
  | 'workflow'
  | 'lock';

export type Ecosystem = 'pypi' | 'conda' | 'docker' | 'github-action';

export interface Declaration {
  /** Distribution name as written ('scikit-learn', 'torch'); interpreter constraints are not declarations. */
  name: string;
  /** PEP 503 normalised (lowercase, runs of -_. → -). */
  normalizedName: string;
  file: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  cell?: CellRef;
  source: DeclarationSource;
  ecosystem: Ecosystem;
  /** Raw constraint text, '' when bare. */
  specifier: string;
  /** Resolves to exactly one version (an exact pin, a full commit SHA, a digest, or a lock entry). */
  pinned: boolean;
  /** When not pinned: what is wrong ('no version specifier', '>=1.2 is a range', ...). */
  why?: string;
  /** What would pin it. */
  suggestion?: string;
  /** Path of the lock file that satisfies it, when one does. */
  lockedBy?: string;
  /** The lock file beside the manifest that should list this dependency and does not. */
  staleLock?: string;
  /** Optional group, extra or dev section. */
  group?: string;
  // --- additions beyond the agreed seam (optional, backward-compatible) ---
  /** Unpinned, but only reported in strict mode (tag without digest, VCS tag, conda `=X.Y.Z`). */
  strictOnly?: boolean;
  /** Carries an artifact hash (`--hash`, `#sha256=`, image digest, action SHA, conda build string). */
  hashed?: boolean;
  /** The exact version it resolves to, when known (for suggestions elsewhere). */
  version?: string;
  /** Installed at run time by code or a command (Dockerfile RUN, shell, notebook) rather than declared. */
  command?: boolean;
  /** Installed by code (`os.system`, `subprocess`): reported only in strict mode. */
  runtime?: boolean;
  /** PEP 508 environment marker, when the declaration has one. */
  marker?: string;
}

/** A non-fatal problem found while reading a manifest (becomes a located parse-error). */
export interface ManifestProblem {
  file: string;
  line: number;
  column?: number;
  message: string;
}

/** A position in a file: 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}
