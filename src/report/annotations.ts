// Findings as workflow-command annotations, for runs without `checks: write`.
// GitHub shows at most 10 errors, 10 warnings and 10 notices per step and drops the rest
// silently, so the most severe come first, at most 10 of each, and one notice says how many
// more there are and where to read them.
import type { RunResult } from '../engine/result.js';
import type { Finding, Severity } from '../engine/types.js';
import { bySeverity, clip, messageWithCell, plural, position, repoPath } from './common.js';
import {
  workflowCommand,
  type AnnotationCommand,
  type AnnotationProps,
} from './workflow-command.js';

/** GitHub's per-step display limit for each annotation kind. */
export const ANNOTATIONS_PER_KIND = 10;
/** Long messages are cut: an annotation is read at a glance, the summary has the rest. */
const MAX_MESSAGE = 4000;

const COMMAND: Record<Severity, AnnotationCommand> = {
  error: 'error',
  warning: 'warning',
  note: 'notice',
};

export interface AnnotationOptions {
  /** Where every finding can be read (the run's job summary), named in the overflow notice. */
  detailsUrl?: string;
}

export function formatAnnotations(result: RunResult, options: AnnotationOptions = {}): string[] {
  const sorted = [...result.findings].sort(bySeverity);
  const bySeverityKind = (severity: Severity) => sorted.filter((f) => f.severity === severity);
  const errors = bySeverityKind('error');
  const warnings = bySeverityKind('warning');
  const notes = bySeverityKind('note');
  const overflow =
    errors.length > ANNOTATIONS_PER_KIND ||
    warnings.length > ANNOTATIONS_PER_KIND ||
    notes.length > ANNOTATIONS_PER_KIND;
  // The overflow notice is a notice too: leave it one of the ten notice slots.
  const noteSlots = overflow ? ANNOTATIONS_PER_KIND - 1 : ANNOTATIONS_PER_KIND;
  const shown = [
    ...errors.slice(0, ANNOTATIONS_PER_KIND),
    ...warnings.slice(0, ANNOTATIONS_PER_KIND),
    ...notes.slice(0, noteSlots),
  ];
  const lines = shown.map((finding) => annotation(result.root, finding));
  if (overflow) {
    lines.push(
      workflowCommand(
        'notice',
        overflowMessage(
          {
            error: errors.length - Math.min(errors.length, ANNOTATIONS_PER_KIND),
            warning: warnings.length - Math.min(warnings.length, ANNOTATIONS_PER_KIND),
            note: notes.length - Math.min(notes.length, noteSlots),
          },
          options.detailsUrl,
        ),
        { title: 'handoff-gate: more findings than annotations' },
      ),
    );
  }
  return lines;
}

function annotation(root: string, finding: Finding): string {
  const file = repoPath(root, finding.file);
  const line = position(finding.line) ?? 1;
  const endLine = position(finding.endLine);
  const props: AnnotationProps = { title: `${finding.ruleId} (handoff-gate)` };
  if (file !== '') {
    props.file = file;
    props.line = line;
    if (endLine !== undefined && endLine > line) props.endLine = endLine;
    // GitHub honours columns only on a single-line range.
    if (props.endLine === undefined) {
      props.col = position(finding.column);
      const endColumn = position(finding.endColumn);
      if (props.col !== undefined && endColumn !== undefined && endColumn >= props.col) {
        props.endColumn = endColumn;
      }
    }
  }
  let message = messageWithCell(finding);
  if (finding.help) message += `\nFix: ${finding.help}`;
  if (finding.helpUri) message += `\nRule: ${finding.helpUri}`;
  return workflowCommand(COMMAND[finding.severity], clip(message, MAX_MESSAGE), props);
}

function overflowMessage(hidden: Record<Severity, number>, detailsUrl: string | undefined): string {
  const parts = [
    hidden.error ? plural(hidden.error, 'more error') : '',
    hidden.warning ? plural(hidden.warning, 'more warning') : '',
    hidden.note ? plural(hidden.note, 'more note') : '',
  ].filter(Boolean);
  const where = detailsUrl
    ? `the job summary (${detailsUrl}), the SARIF file or the check run`
    : 'the job summary, the SARIF file or the check run';
  return `${parts.join(', ')} not shown as annotations (GitHub shows ${ANNOTATIONS_PER_KIND} of each kind per step). See ${where} for every finding.`;
}
