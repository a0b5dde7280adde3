// GitHub Actions workflow commands (`::error file=…,line=…::message`) with the runner's escaping:
// in the message `%`, CR and LF are percent-encoded; in properties also `:` and `,`, which would
// otherwise end a value. Text from the scanned repository can then never start a new command.

export type AnnotationCommand = 'error' | 'warning' | 'notice';

export interface AnnotationProps {
  file?: string;
  line?: number;
  col?: number;
  endLine?: number;
  endColumn?: number;
  title?: string;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Properties in GitHub's order; empty or absent ones are left out. */
const ORDER: (keyof AnnotationProps)[] = ['file', 'line', 'col', 'endLine', 'endColumn', 'title'];

export function workflowCommand(
  command: AnnotationCommand,
  message: string,
  props: AnnotationProps = {},
): string {
  const pairs = ORDER.filter((key) => props[key] !== undefined && props[key] !== '').map(
    (key) => `${key}=${escapeProperty(String(props[key]))}`,
  );
  return `::${command}${pairs.length ? ` ${pairs.join(',')}` : ''}::${escapeData(message)}`;
}
