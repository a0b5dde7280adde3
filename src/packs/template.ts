// Message and path templates: `{{name}}` is replaced by the value of that name (a capture of the
// matcher, or a path part for file-exists). Names are checked when the pack loads, so a typo is a
// located error instead of an empty hole in every finding.

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*\}\}/g;
const PLACEHOLDER_HERE = /^\{\{\s*([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*\}\}/;

export interface Template {
  readonly source: string;
  /** The names it uses, in order of first use. */
  readonly names: string[];
  render(values: Readonly<Record<string, string>>): string;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    message: string,
    /** Offset in the template text. */
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Parse a template; throws TemplateError at a `{{` that does not open a valid placeholder. */
export function parseTemplate(source: string): Template {
  const names: string[] = [];
  for (let at = source.indexOf('{{'); at !== -1;) {
    const match = PLACEHOLDER_HERE.exec(source.slice(at, at + 200));
    if (!match) {
      throw new TemplateError(
        "'{{' must open a placeholder such as {{name}}: one name of letters, digits, '_', '.' or '-', closed by '}}'",
        at,
      );
    }
    if (!names.includes(match[1])) names.push(match[1]);
    at = source.indexOf('{{', at + match[0].length);
  }
  return {
    source,
    names,
    render: (values) =>
      source.replace(PLACEHOLDER, (_, name: string) =>
        Object.prototype.hasOwnProperty.call(values, name) ? values[name] : '',
      ),
  };
}

/** The names a template uses that are not among `known`. */
export function unknownNames(template: Template, known: ReadonlySet<string>): string[] {
  return template.names.filter((name) => !known.has(name));
}
