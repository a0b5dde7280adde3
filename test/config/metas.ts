// Fake rule metas for config tests: the six public ids plus one engine rule, with made-up
// severities and an options schema on two of them.
import type { RuleMeta, Severity } from '../../src/engine/types.js';

const docs = { what: 'w', why: 'y', example: 'e', instead: 'i' };

function meta(id: string, defaultSeverity: Severity, extra: Partial<RuleMeta> = {}): RuleMeta {
  return { id, title: id, defaultSeverity, docs, recommended: true, ...extra };
}

export const PINNED = meta('pinned-dependencies', 'error', {
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      mode: { enum: ['exact', 'lock'], default: 'exact' },
      allow: { type: 'array', items: { type: 'string' } },
      docker: {
        type: 'object',
        additionalProperties: false,
        properties: { digest: { type: 'boolean' }, registries: { type: 'array' } },
      },
      'max-age-days': { type: 'integer', minimum: 1 },
    },
  },
  defaultOptions: { allow: ['pip'], docker: { digest: false, registries: ['docker.io'] } },
});

export const PATHS = meta('hardcoded-paths', 'warning', {
  optionsSchema: {
    type: 'object',
    properties: { prefixes: { type: 'array', items: { type: 'string' }, default: ['/home/'] } },
    required: ['prefixes'],
  },
});

export const METAS: RuleMeta[] = [
  PATHS,
  PINNED,
  meta('undeclared-dependencies', 'warning'),
  meta('train-predict-separation', 'error'),
  meta('model-interface', 'error', { recommended: false }),
  meta('schema-acceptance', 'error', { recommended: false }),
  meta('parse-error', 'warning'),
];
