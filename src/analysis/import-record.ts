// The import seam shared with other rules (undeclared-dependencies reads it too).
import type { Location } from '../engine/types.js';

export type ImportKind = 'import' | 'from' | 'importlib' | 'notebook-run' | 'import-ipynb';

export interface ImportRecord {
  /**
   * Absolute dotted name for absolute imports (`torch.optim`); for relative imports the raw dotted
   * tail (`''` for `from . import x`). For `notebook-run` (`%run path`), the path as written.
   */
  module: string;
  /** Imported names for from-imports (`[]` otherwise; `['*']` for a star import). */
  names: string[];
  /** Leading dots of a relative import (0 = absolute). */
  level: number;
  file: string;
  /** Raw location (notebook imports carry their cell). */
  location: Location;
  /** Under `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:`. */
  typeOnly: boolean;
  /** Inside a def or lambda (still a real edge when that function is called). */
  inFunction: boolean;
  /**
   * Inside the body of a `try` whose handlers catch ImportError or ModuleNotFoundError (a bare
   * `except:` and `except Exception`/`BaseException` catch them too and count as well).
   */
  guarded: boolean;
  kind: ImportKind;
}

/** What the outline knows beyond the public record: where in the file the import runs. */
export interface ScannedImport extends ImportRecord {
  /** Dotted path of enclosing defs and classes (`Model.predict`); '' at module level. */
  scope: string;
  /** Inside `if __name__ == "__main__":`: runs only when the file is executed as a script. */
  mainGuard: boolean;
  /** Local names the import binds, alias → dotted target (`np` → `numpy`, `Adam` → `torch.optim.Adam`). */
  binds: Record<string, string>;
}
