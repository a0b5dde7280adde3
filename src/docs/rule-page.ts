// Renders a rule's documentation page from its metadata, in the four parts every rule has
// (what, why, example, instead) plus its options. Built-in pages and pack pages share this.
import type { JSONSchemaType, RuleMeta } from '../engine/types.js';

export function renderRulePage(meta: RuleMeta): string {
  const { docs } = meta;
  const parts = [
    `# \`${meta.id}\`: ${meta.title}`,
    '',
    `Default severity: **${meta.defaultSeverity}**${meta.recommended === false ? ' (not in the recommended pack)' : ''}.`,
    '',
    '## What it does',
    '',
    docs.what,
    '',
    '## Why it matters at handoff',
    '',
    docs.why,
    '',
    '## Example',
    '',
    fence(docs.example, docs.exampleLang ?? 'text'),
    '',
    '## Instead',
    '',
    docs.instead,
  ];
  const options = renderOptions(meta.optionsSchema, meta.defaultOptions);
  if (options) parts.push('', '## Options', '', options);
  parts.push(
    '',
    '## Suppressing',
    '',
    `Add \`# handoff: ignore[${meta.id}] <reason>\` on the reported line or the line above it.`,
    '',
    '<!-- Generated from the rule metadata; edit the rule, not this page. -->',
  );
  return `${parts.join('\n')}\n`;
}

function fence(text: string, lang: string): string {
  const ticks = text.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

function renderOptions(
  schema: JSONSchemaType | undefined,
  defaults: Record<string, unknown> | undefined,
): string | undefined {
  const properties = schema?.properties as Record<string, JSONSchemaType> | undefined;
  if (!properties || Object.keys(properties).length === 0) return undefined;
  const rows = Object.entries(properties).map(([name, property]) => {
    const value = defaults?.[name] ?? property.default;
    const shown = value === undefined ? '' : `\`${JSON.stringify(value)}\``;
    const description = String(property.description ?? '')
      .replace(/\|/g, '\\|')
      .replace(/\n/g, ' ');
    return `| \`${name}\` | ${describeType(property)} | ${shown} | ${description} |`;
  });
  return ['| option | type | default | description |', '|---|---|---|---|', ...rows].join('\n');
}

function describeType(schema: JSONSchemaType): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  const type = schema.type;
  if (type === 'array') {
    const items = schema.items as JSONSchemaType | undefined;
    return `${items ? describeType(items) : 'any'}[]`;
  }
  if (Array.isArray(type)) return type.join(' \\| ');
  return typeof type === 'string' ? type : 'object';
}

/** The README's rule table: one row per rule linking to its page. */
export function renderRuleTable(metas: RuleMeta[], pageDir = 'docs/rules'): string {
  const rows = metas.map(
    (meta) =>
      `| [\`${meta.id}\`](${pageDir}/${meta.id}.md) | ${meta.title} | ${meta.defaultSeverity} |`,
  );
  return ['| rule | what it catches | default |', '|---|---|---|', ...rows].join('\n');
}
