// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
// Paths are relative to %SRCROOT% (the repository root), every result has a physical location
// (code scanning rejects the whole file otherwise), and filtered findings stay in the log with
// `suppressions` so a viewer can show them as dismissed rather than fixed.
import { pathToFileURL } from 'node:url';
import type { RunResult } from '../engine/result.js';
import type { Finding, RuleMeta, Severity } from '../engine/types.js';
import { REPOSITORY_URL } from '../version.js';
import {
  TOOL_NAME,
  messageWithCell,
  position,
  repoPath,
  ruleHelpUri,
  ruleLookup,
  skipReason,
} from './common.js';
import { mdFence } from './markdown-text.js';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** The key of our fingerprint in `partialFingerprints`; a new version if its recipe changes. */
export const FINGERPRINT_KEY = 'handoffGate/v1';

type Level = 'error' | 'warning' | 'note';
type Json = Record<string, unknown>;

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export function formatSarif(result: RunResult): string {
  return JSON.stringify(toSarif(result), null, 2) + '\n';
}

export function toSarif(result: RunResult): Json {
  const lookup = ruleLookup(result);
  const descriptors = ruleDescriptors(result, lookup);
  const index = new Map(descriptors.map((rule, i) => [rule.id, i]));
  const results: Json[] = [];
  const notifications: Json[] = [];

  const emit = (finding: Finding, suppressions?: Json[], outOfScope = false): void => {
    const locations = findingLocations(result.root, finding);
    if (!locations) {
      // Nowhere to point: code scanning would reject the whole log for one unlocated result.
      notifications.push({
        level: finding.severity,
        message: { text: finding.message },
        associatedRule: { id: finding.ruleId, index: index.get(finding.ruleId) },
      });
      return;
    }
    results.push(
      sarifResult(result.root, finding, index, lookup, locations, suppressions, outOfScope),
    );
  };

  for (const finding of result.findings) emit(finding);
  for (const finding of result.filtered) {
    if (finding.suppressed?.kind === 'inline') {
      emit(finding, [
        suppression('inSource', finding.suppressed.reason, 'suppressed by an inline comment'),
      ]);
    } else if (finding.suppressed?.kind === 'baseline') {
      emit(finding, [
        suppression('external', finding.suppressed.reason, 'accepted in the baseline'),
      ]);
    } else {
      // Outside the PR's scope, but still present: leaving it out would make code scanning
      // close the alert as fixed.
      emit(finding, undefined, true);
    }
  }

  for (const file of result.skipped) {
    notifications.push({
      level: 'warning',
      message: { text: `Skipped ${file.path} (${skipReason(file)}): not checked.` },
      locations: [{ physicalLocation: { artifactLocation: artifact(result.root, file.path) } }],
    });
  }
  for (const notice of result.notices)
    notifications.push({ level: 'note', message: { text: notice } });

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: result.version,
            semanticVersion: result.version,
            informationUri: REPOSITORY_URL,
            rules: descriptors.map(({ json }) => json),
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: {
            uri: directoryUri(result.root),
            description: { text: 'The repository root.' },
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
        properties: {
          passed: result.passed,
          failOn: result.failOn,
          scope: result.scope,
          configSource: result.configSource,
          counts: { ...result.counts },
          filesScanned: result.filesScanned,
        },
      },
    ],
  };
}

interface Descriptor {
  id: string;
  json: Json;
}

function ruleDescriptors(
  result: RunResult,
  lookup: (id: string) => RuleMeta | undefined,
): Descriptor[] {
  const levels = new Map<string, Severity>(result.rules.map((r) => [r.meta.id, r.severity]));
  const ids = result.rules.map((r) => r.meta.id);
  const extra = new Set<string>();
  for (const finding of [...result.findings, ...result.filtered]) {
    if (!levels.has(finding.ruleId)) extra.add(finding.ruleId);
  }
  for (const id of [...extra].sort()) {
    ids.push(id);
    // A rule that did not run (an engine rule) is described at the severity it reported with.
    const seen = [...result.findings, ...result.filtered].find((f) => f.ruleId === id);
    levels.set(id, lookup(id)?.defaultSeverity ?? seen?.severity ?? 'warning');
  }
  return ids.map((id) => {
    const meta = lookup(id);
    const level = levels.get(id) ?? 'warning';
    if (!meta) {
      return {
        id,
        json: {
          id,
          name: ruleName(id),
          shortDescription: { text: id },
          defaultConfiguration: { level },
        },
      };
    }
    const helpUri = ruleHelpUri(meta);
    return {
      id,
      json: {
        id,
        name: ruleName(id),
        shortDescription: { text: meta.title },
        fullDescription: { text: meta.docs.what },
        help: { text: helpText(meta, helpUri), markdown: helpMarkdown(meta, helpUri) },
        helpUri,
        defaultConfiguration: { level },
        properties: { tags: ['handoff'] },
      },
    };
  });
}

/** `pinned-dependencies` → `PinnedDependencies`: SARIF's name is an identifier, not a title. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

function helpText(meta: RuleMeta, helpUri: string): string {
  const { what, why, example, instead } = meta.docs;
  return [
    `What it does: ${what}`,
    `Why it matters at handoff: ${why}`,
    `Example:\n${example}`,
    `Instead: ${instead}`,
    `Documentation: ${helpUri}`,
  ].join('\n\n');
}

function helpMarkdown(meta: RuleMeta, helpUri: string): string {
  const { what, why, example, instead, exampleLang } = meta.docs;
  return [
    `**What it does.** ${what}`,
    `**Why it matters at handoff.** ${why}`,
    `**Example.**\n\n${mdFence(example, exampleLang ?? '')}`,
    `**Instead.** ${instead}`,
    `[Rule documentation](${helpUri})`,
  ].join('\n\n');
}

function suppression(
  kind: 'inSource' | 'external',
  reason: string | undefined,
  fallback: string,
): Json {
  return { kind, status: 'accepted', justification: reason?.trim() || fallback };
}

function sarifResult(
  root: string,
  finding: Finding,
  index: Map<string, number>,
  lookup: (id: string) => RuleMeta | undefined,
  locations: Json[],
  suppressions: Json[] | undefined,
  outOfScope: boolean,
): Json {
  const defaultHelp = lookup(finding.ruleId)?.docs.instead;
  let text = messageWithCell(finding);
  // A fix specific to this finding (the exact pin, say) is worth reading beside the message.
  if (finding.help && finding.help !== defaultHelp) text += `\nFix: ${finding.help}`;
  const properties: Json = {};
  if (finding.cell) properties.cell = { index: finding.cell.index, line: finding.cell.line };
  const chain = finding.data?.chain;
  if (Array.isArray(chain) && chain.every((step) => typeof step === 'string'))
    properties.chain = chain;
  if (outOfScope) properties.outOfScope = true;
  const related = relatedLocations(root, finding);
  return {
    ruleId: finding.ruleId,
    ruleIndex: index.get(finding.ruleId),
    level: finding.severity satisfies Level,
    message: { text },
    locations,
    ...(related.length ? { relatedLocations: related } : {}),
    ...(finding.fingerprint
      ? { partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint } }
      : {}),
    ...(suppressions ? { suppressions } : {}),
    ...(Object.keys(properties).length ? { properties } : {}),
  };
}

/**
 * Where a finding points. A repository-level finding (file '') is anchored on the first file
 * it names (its related files, or the first module of its chain); with none, undefined.
 */
function findingLocations(root: string, finding: Finding): Json[] | undefined {
  const file = repoPath(root, finding.file);
  if (file !== '') {
    return [
      { physicalLocation: { artifactLocation: artifact(root, file), region: region(finding) } },
    ];
  }
  const chain = finding.data?.chain;
  const anchor =
    finding.related?.find((path) => path !== '') ??
    (Array.isArray(chain)
      ? chain.find((step): step is string => typeof step === 'string' && step !== '')
      : undefined);
  if (!anchor) return undefined;
  return [
    { physicalLocation: { artifactLocation: artifact(root, anchor), region: { startLine: 1 } } },
  ];
}

function region(finding: Finding): Json {
  const startLine = position(finding.line) ?? 1;
  const startColumn = position(finding.column);
  let endLine = position(finding.endLine);
  if (endLine !== undefined && endLine < startLine) endLine = undefined;
  let endColumn = position(finding.endColumn);
  // An end column before the start on the same line is not a region; drop it rather than lie.
  if (
    endColumn !== undefined &&
    (endLine ?? startLine) === startLine &&
    endColumn < (startColumn ?? 1)
  ) {
    endColumn = undefined;
  }
  return {
    startLine,
    ...(startColumn !== undefined ? { startColumn } : {}),
    ...(endLine !== undefined ? { endLine } : {}),
    ...(endColumn !== undefined ? { endColumn } : {}),
  };
}

function relatedLocations(root: string, finding: Finding): Json[] {
  const own = repoPath(root, finding.file);
  const files = [...new Set((finding.related ?? []).map((path) => repoPath(root, path)))].filter(
    (path) => path !== '' && path !== own,
  );
  return files.map((path, i) => ({
    id: i + 1,
    physicalLocation: { artifactLocation: artifact(root, path) },
    message: { text: 'related file' },
  }));
}

function artifact(root: string, file: string): ArtifactLocation {
  const path = repoPath(root, file);
  if (path.startsWith('/')) return { uri: pathToFileURL(path).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}
