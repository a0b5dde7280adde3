// `extends`: from the names a document lists to the packs applied below it, depth first (a
// pack's own `extends` come before it), each pack once, cycles refused.
import { ConfigError, PackError } from './errors.js';
import { displayName } from './messages.js';
import { parseConfigDocument, type ParsedConfigDocument } from './yaml-document.js';
import { readShipped, shippedPath } from './shipped.js';
import { didYouMean } from './suggest.js';
import type { ConfigDocument, ConfigProblem, Pack, PackResolver } from './types.js';

export const BUILTIN_PACKS = ['recommended', 'strict'] as const;
export const DEFAULT_EXTENDS = ['recommended'];

const builtinCache = new Map<string, ParsedConfigDocument>();

/** A pack shipped in rules/<name>.yml, with the YAML problems of its file (none, as shipped). */
export function builtinPack(name: string): { pack: Pack; problems: ConfigProblem[] } | undefined {
  if (!(BUILTIN_PACKS as readonly string[]).includes(name)) return undefined;
  let parsed = builtinCache.get(name);
  if (!parsed) {
    parsed = parseConfigDocument(readShipped(`${name}.yml`), shippedPath(`${name}.yml`));
    builtinCache.set(name, parsed);
  }
  const pack: Pack = {
    name,
    document: parsed.document,
    builtin: true,
    enableRecommended: name === 'recommended',
  };
  return { pack, problems: parsed.problems };
}

/** The entries of a document's `extends`, each with the key path of its value (for messages). */
export function extendsEntries(
  document: ConfigDocument,
  fallback: readonly string[] = [],
): { name: string; path: (string | number)[] }[] {
  const value = document.data.extends;
  if (value === undefined) return fallback.map((name) => ({ name, path: [] }));
  if (typeof value === 'string') return [{ name: value, path: ['extends'] }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((name, index) =>
    typeof name === 'string' && name !== '' ? [{ name, path: ['extends', index] }] : [],
  );
}

export interface ResolvedPacks {
  /** In application order: lowest precedence first. */
  packs: Pack[];
  problems: ConfigProblem[];
}

/**
 * Resolve what `document` extends (`fallback` when it has no `extends` key). Built-in names win;
 * other entries go to `resolvePack`; unknown names become located problems.
 */
export async function resolvePacks(
  document: ConfigDocument,
  fallback: readonly string[],
  resolvePack?: PackResolver,
): Promise<ResolvedPacks> {
  const packs: Pack[] = [];
  const problems: ConfigProblem[] = [];
  const applied = new Set<string>();

  const visit = async (from: ConfigDocument, defaults: readonly string[], chain: string[]) => {
    for (const entry of extendsEntries(from, defaults)) {
      const at = from.locate(entry.path);
      const problem = (message: string) =>
        problems.push({ file: from.file, ...at, key: displayName('', entry.path), message });
      let found: { pack: Pack; problems: ConfigProblem[] } | undefined;
      try {
        found = await findPack(entry.name, from, resolvePack);
      } catch (error) {
        // A pack that was found but cannot be used: say why, and go on with the other entries.
        if (error instanceof PackError) problem(error.message);
        else if (error instanceof ConfigError) problems.push(...error.problems);
        else throw error;
        continue;
      }
      if (!found) {
        const hint = didYouMean(entry.name, BUILTIN_PACKS);
        problem(
          `unknown pack '${entry.name}'${hint || `; built-in packs are ${BUILTIN_PACKS.join(' and ')}`}`,
        );
        continue;
      }
      // Identity is the resolved pack's name, so two spellings of one pack count as one.
      const id = found.pack.name;
      if (chain.includes(id)) {
        problem(`pack '${id}' extends itself (${[...chain, id].join(' → ')})`);
        continue;
      }
      if (applied.has(id)) continue;
      problems.push(...found.problems);
      await visit(found.pack.document, [], [...chain, id]);
      if (applied.has(id)) continue;
      applied.add(id);
      packs.push(found.pack);
    }
  };
  await visit(document, fallback, []);
  return { packs, problems };
}

async function findPack(
  name: string,
  from: ConfigDocument,
  resolvePack: PackResolver | undefined,
): Promise<{ pack: Pack; problems: ConfigProblem[] } | undefined> {
  const builtin = builtinPack(name);
  if (builtin) return builtin;
  const pack = await resolvePack?.(name, from);
  return pack ? { pack, problems: [] } : undefined;
}
