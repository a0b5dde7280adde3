// Fold the layers (packs, lowest first, then the config file) into one policy. Scalars from a
// higher layer replace lower ones; `ignore` lists and `contracts` add up; `paths` is replaced
// whole; rule options merge key by key. Values the schema already rejected are skipped here,
// so each mistake is reported once.
import { ENGINE_RULES } from '../engine/engine-rules.js';
import type { FailOn } from '../engine/result.js';
import type { RuleMeta, SeveritySetting } from '../engine/types.js';
import { compileGlobs } from '../workspace/globs.js';
import { displayName } from './messages.js';
import { resolveRuleOptions, type OptionsLayer } from './options.js';
import { DEFAULT_MAX_FILE_SIZE, isSizeText, parseByteSize } from './size.js';
import { didYouMean } from './suggest.js';
import type {
  ConfigDocument,
  ConfigProblem,
  KeyPath,
  ResolvedConfig,
  RuleSettings,
} from './types.js';
import { cloneValue } from './values.js';
import { isPlainObject } from './yaml-document.js';

export interface Layer {
  document: ConfigDocument;
  /** Turn on recommended rules at their default severity before this layer's settings. */
  enableRecommended?: boolean;
  /** A shipped pack: rule ids this build does not register are skipped instead of reported. */
  builtin?: boolean;
}

type MergedConfig = Omit<ResolvedConfig, 'source' | 'file' | 'raw'>;

const ENGINE_RULE_IDS = new Set(ENGINE_RULES.map((meta) => meta.id));
const FAIL_ON = new Set<string>(['error', 'warning', 'never']);
const SEVERITIES = new Set<string>(['off', 'note', 'warning', 'error']);
/** The shape of a rule id; config.schema.json's `rules.propertyNames` holds the same pattern. */
export const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

interface RuleState {
  severity?: SeveritySetting;
  ignore: string[];
  optionLayers: OptionsLayer[];
  mentions: ConfigDocument[];
}

type Report = (path: KeyPath, message: string, at?: 'key' | 'value') => void;

export function mergeLayers(
  layers: readonly Layer[],
  metas: readonly RuleMeta[],
  cli: Partial<{ failOn: FailOn; strict: boolean }> = {},
): { config: MergedConfig; problems: ConfigProblem[] } {
  const merger = new PolicyMerger(metas);
  for (const layer of layers) merger.apply(layer);
  return merger.finish(cli, layers.at(-1)?.document);
}

/** Accumulates layers in order; `finish` resolves rule options and returns the policy. */
class PolicyMerger {
  private readonly problems: ConfigProblem[] = [];
  private readonly byId: Map<string, RuleMeta>;
  private readonly rules = new Map<string, RuleState>();
  private failOn: FailOn | undefined;
  private strict = false;
  private paths: string[] = [];
  private readonly ignore: string[] = [];
  private maxFileSize = DEFAULT_MAX_FILE_SIZE;
  private readonly contracts: unknown[] = [];

  constructor(private readonly metas: readonly RuleMeta[]) {
    this.byId = new Map(metas.map((meta) => [meta.id, meta]));
    // The engine's own findings (a file that could not be parsed, a rule that crashed) are on
    // below every pack: `extends: []` must not turn a crash into a silent pass.
    for (const meta of metas) {
      if (ENGINE_RULE_IDS.has(meta.id)) this.rule(meta.id).severity = meta.defaultSeverity;
    }
  }

  apply(layer: Layer): void {
    const { document } = layer;
    const report: Report = (path, message, at = 'value') =>
      this.problems.push({
        file: document.file,
        ...document.locate(path, at),
        key: displayName('', path),
        message,
      });
    if (layer.enableRecommended) {
      for (const meta of this.metas) {
        if (meta.recommended) this.rule(meta.id).severity = meta.defaultSeverity;
      }
    }
    this.applySettings(document.data, report);
    if (isPlainObject(document.data.rules)) {
      this.applyRules(document, document.data.rules, layer.builtin === true, report);
    }
  }

  private applySettings(data: Record<string, unknown>, report: Report): void {
    if (typeof data['fail-on'] === 'string' && FAIL_ON.has(data['fail-on'])) {
      this.failOn = data['fail-on'] as FailOn;
    }
    if (typeof data.strict === 'boolean') this.strict = data.strict;
    const paths = globList(data.paths, ['paths'], report);
    if (paths) this.paths = paths;
    this.ignore.push(...(globList(data.ignore, ['ignore'], report) ?? []));
    const size = data['max-file-size'];
    if (size !== undefined) {
      const bytes = parseByteSize(size);
      if (bytes !== undefined) this.maxFileSize = bytes;
      // Other shapes are the schema's to report; here only sizes that are well written but out of range.
      else if (isSizeText(size)) {
        const tooLarge = Number.parseFloat(String(size)) > 1;
        report(
          ['max-file-size'],
          `max-file-size must be ${tooLarge ? 'at most 8 PiB' : 'at least 1 byte'} (got '${String(size)}')`,
        );
      }
    }
    if (Array.isArray(data.contracts)) this.contracts.push(...data.contracts);
  }

  private applyRules(
    document: ConfigDocument,
    rules: Record<string, unknown>,
    builtin: boolean,
    report: Report,
  ): void {
    for (const [id, setting] of Object.entries(rules)) {
      const meta = this.byId.get(id);
      if (!meta) {
        // A malformed id is reported by the schema; "unknown" would only repeat it.
        if (!builtin && RULE_ID.test(id))
          report(['rules', id], unknownRule(id, this.byId.keys()), 'key');
        continue;
      }
      const entry = this.rule(id);
      entry.mentions.push(document);
      if (typeof setting === 'string') {
        if (SEVERITIES.has(setting)) entry.severity = setting as SeveritySetting;
        continue;
      }
      if (!isPlainObject(setting)) continue;
      if (typeof setting.severity === 'string' && SEVERITIES.has(setting.severity)) {
        entry.severity = setting.severity as SeveritySetting;
      } else if (entry.severity === undefined) {
        // Configuring a rule without a severity means using it as the rule intends.
        entry.severity = meta.defaultSeverity;
      }
      if (isPlainObject(setting.options)) {
        entry.optionLayers.push({ document, options: setting.options });
      }
      entry.ignore.push(...(globList(setting.ignore, ['rules', id, 'ignore'], report) ?? []));
    }
  }

  finish(
    cli: Partial<{ failOn: FailOn; strict: boolean }>,
    fallback: ConfigDocument | undefined,
  ): { config: MergedConfig; problems: ConfigProblem[] } {
    const failOn = cli.failOn ?? this.failOn;
    const resolvedRules = new Map<string, RuleSettings>();
    for (const meta of this.metas) {
      const entry = this.rules.get(meta.id);
      const severity = entry?.severity ?? 'off';
      const optionLayers = entry?.optionLayers ?? [];
      // Options are checked whenever the rule runs or someone wrote options for it.
      const validate = severity !== 'off' || optionLayers.length > 0;
      const resolved = fallback
        ? resolveRuleOptions(meta, optionLayers, entry?.mentions ?? [], fallback, validate)
        : {
            options: cloneValue(meta.defaultOptions ?? {}) as Record<string, unknown>,
            problems: [],
          };
      this.problems.push(...resolved.problems);
      resolvedRules.set(meta.id, {
        severity,
        options: resolved.options,
        ignore: entry?.ignore ?? [],
      });
    }
    const config: MergedConfig = {
      strict: cli.strict ?? this.strict,
      paths: this.paths,
      ignore: this.ignore,
      maxFileSize: this.maxFileSize,
      rules: resolvedRules,
      contracts: this.contracts,
    };
    if (failOn !== undefined) config.failOn = failOn;
    return { config, problems: this.problems };
  }

  private rule(id: string): RuleState {
    let entry = this.rules.get(id);
    if (!entry) this.rules.set(id, (entry = { ignore: [], optionLayers: [], mentions: [] }));
    return entry;
  }
}

function unknownRule(id: string, known: Iterable<string>): string {
  const ids = [...known];
  const hint = didYouMean(id, ids);
  return hint
    ? `unknown rule '${id}'${hint}`
    : `unknown rule '${id}'; known rules are ${ids.join(', ')}`;
}

/** The globs of a list value, reporting any glob that cannot be compiled; undefined when not a list. */
function globList(
  value: unknown,
  path: KeyPath,
  report: (path: KeyPath, message: string) => void,
): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const globs: string[] = [];
  value.forEach((glob, index) => {
    if (typeof glob !== 'string' || glob.trim() === '') return;
    try {
      compileGlobs([glob]);
      globs.push(glob);
    } catch (error) {
      report([...path, index], `invalid glob '${glob}': ${(error as Error).message}`);
    }
  });
  return globs;
}
