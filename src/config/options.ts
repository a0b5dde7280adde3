// A rule's options: its defaults, then each layer's `options` in order, checked against the
// rule's options schema (which may add defaults of its own). A problem is located in the
// highest layer that wrote the offending value.
import type { RuleMeta } from '../engine/types.js';
import { compileSchema } from './ajv.js';
import { describeErrors, displayName } from './messages.js';
import type { ConfigDocument, ConfigProblem, KeyPath } from './types.js';
import { cloneValue, deepMerge } from './values.js';

export interface OptionsLayer {
  document: ConfigDocument;
  /** The `options` mapping this document gives the rule. */
  options: Record<string, unknown>;
}

export interface ResolvedOptions {
  options: Record<string, unknown>;
  problems: ConfigProblem[];
}

/**
 * Merge and validate. `layers` run lowest first; `mentions` are the documents that name the
 * rule at all (for problems no layer's options explain); `fallback` is where to report when
 * nothing names it.
 */
export function resolveRuleOptions(
  meta: RuleMeta,
  layers: readonly OptionsLayer[],
  mentions: readonly ConfigDocument[],
  fallback: ConfigDocument,
  validate: boolean,
): ResolvedOptions {
  let options = cloneValue(meta.defaultOptions ?? {}) as Record<string, unknown>;
  for (const layer of layers) options = deepMerge(options, layer.options);
  if (!validate || !meta.optionsSchema) return { options, problems: [] };

  const rulePath = ['rules', meta.id];
  const owner = mentions.at(-1) ?? fallback;
  let check;
  try {
    check = compileSchema(meta.optionsSchema, { useDefaults: true });
  } catch (error) {
    return {
      options,
      problems: [
        {
          file: owner.file,
          ...owner.locate(rulePath, 'key'),
          key: displayName('', rulePath),
          message: `rule '${meta.id}' has an options schema that cannot be used (${(error as Error).message}); this is a bug in the rule`,
        },
      ],
    };
  }
  if (check(options)) return { options, problems: [] };

  const label = `rules.${meta.id}.options`;
  const problems = describeErrors(check.errors ?? [], [], label).map(({ path, at, message }) => {
    const full: KeyPath = [...rulePath, 'options', ...path];
    const writer = [...layers].reverse().find((layer) => layer.document.has(full)) ?? layers.at(-1);
    if (!writer) {
      return {
        file: owner.file,
        ...owner.locate(rulePath, 'key'),
        key: displayName('', full),
        message: `${message}: the default options of rule '${meta.id}' do not match its schema; this is a bug in the rule`,
      };
    }
    return {
      file: writer.document.file,
      ...writer.document.locate(full, at),
      key: displayName('', full),
      message,
    };
  });
  return { options, problems };
}
