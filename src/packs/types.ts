// A loaded rule pack, declarative or programmatic, as the config, the harness and the docs
// command use it. Its rules are plain `Rule`s: the same contract the built-in rules have.
import type { Rule } from '../engine/types.js';

export interface LoadedPack {
  name: string;
  version?: string;
  description?: string;
  /** The npm-style range of handoff-gate versions it needs. */
  engine?: string;
  kind: 'declarative' | 'programmatic';
  /** How the pack was named: a path, an npm spec or a `github:` spec (for messages). */
  source: string;
  /** How problems and notices name the pack file (root-relative path, package path, github spec). */
  display: string;
  /** The folder the pack file is in, when it is on this machine (not for remote packs). */
  dir?: string;
  /** The folder of annotated fixtures (declarative packs: `fixtures` beside the pack file). */
  fixtures?: string;
  rules: Rule[];
  /** Rule ids turned on, at their default severity, when a config extends the pack. */
  enabled: string[];
  /** Per-rule fixture globs (relative to `fixtures`) from the pack's `tests:` keys. */
  tests: Map<string, string[]>;
}
