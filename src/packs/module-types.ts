// What a programmatic pack module exports. Shipped to pack authors in types/index.d.ts (generated
// with the rule contract by scripts/gen-types.ts), so keep this file to type declarations only.
import type { Rule } from '../engine/types.js';

/**
 * A programmatic rule pack: the named exports of an ES module (`export const rules = [...]`), or
 * the object it exports by default. Rule ids are namespaced: `<name>/<rule>`.
 */
export interface RulePack {
  /** The pack's name; when set, every rule id must start with `<name>/`. */
  name?: string;
  /** The pack's own semantic version. */
  version?: string;
  /** The handoff-gate versions the pack works with, as an npm-style range (`>=0.1.0 <2`). */
  engine?: string;
  description?: string;
  /** Folder of annotated fixtures for `handoff-gate test-rules`, relative to the module (default `fixtures`). */
  fixtures?: string;
  /** The rules. A rule whose `meta.recommended` is `false` is off until a config turns it on. */
  rules: Rule[];
}
