// Builds the RuleContext one rule sees: its files after ignores, its validated options, and a
// report() that turns a rule's Report into a Finding with the rule's id, severity and help.
import type {
  Finding,
  ParseErrorReport,
  Report,
  Rule,
  RuleContext,
  Severity,
  Sources,
  WorkspaceFile,
} from './types.js';

const SEVERITY_RANK: Record<Severity, number> = { note: 0, warning: 1, error: 2 };

/** The lower of two severities: the config can always lower a rule, a rule can lower one finding. */
export function lowerSeverity(a: Severity, b: Severity | undefined): Severity {
  if (!b) return a;
  return SEVERITY_RANK[a] <= SEVERITY_RANK[b] ? a : b;
}

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

export function defaultHelpUri(ruleId: string, repositoryUrl: string): string {
  return `${repositoryUrl}/blob/main/docs/rules/${ruleId}.md`;
}

export interface ContextInput {
  root: string;
  rule: Rule;
  files: readonly WorkspaceFile[];
  allFiles: readonly WorkspaceFile[];
  options: Record<string, unknown>;
  severity: Severity;
  strict: boolean;
  sources: Sources;
  shared: Map<string, unknown>;
  base: (file: string) => Promise<string | undefined>;
  onParseError: (error: ParseErrorReport) => void;
  helpUri: string;
}

export function createContext(input: ContextInput, findings: Finding[]): RuleContext {
  const { rule } = input;
  return {
    root: input.root,
    files: input.files,
    allFiles: input.allFiles,
    options: input.options,
    severity: input.severity,
    sources: input.sources,
    strict: input.strict,
    base: input.base,
    shared<T>(key: string, compute: () => T): T {
      if (!input.shared.has(key)) input.shared.set(key, compute());
      return input.shared.get(key) as T;
    },
    report(report: Report) {
      findings.push(toFinding(rule, report, input.severity, input.helpUri));
    },
    parseError: input.onParseError,
  };
}

function toFinding(rule: Rule, report: Report, severity: Severity, helpUri: string): Finding {
  const fix = typeof report.fix === 'string' ? report.fix : report.fix?.description;
  const finding: Finding = {
    ruleId: rule.meta.id,
    severity: lowerSeverity(severity, report.severity),
    message: report.message,
    file: report.file,
    line: Math.max(1, Math.floor(report.line || 1)),
    help: fix ?? rule.meta.docs.instead,
    helpUri: rule.meta.helpUri ?? helpUri,
    fingerprint: '',
  };
  if (report.column !== undefined) finding.column = report.column;
  if (report.endLine !== undefined) finding.endLine = report.endLine;
  if (report.endColumn !== undefined) finding.endColumn = report.endColumn;
  if (report.cell) finding.cell = report.cell;
  if (report.snippet !== undefined) finding.snippet = report.snippet;
  if (report.related?.length) finding.related = [...report.related];
  if (report.data) finding.data = report.data;
  return finding;
}
