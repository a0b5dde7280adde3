// GitHub's published REST description (@octokit/openapi), for checking every request a test
// server receives: the method and path must name a documented operation, query parameters must
// be declared ones of the right type, and a JSON body must validate against the operation's
// requestBody schema (refs into `components` resolved by ajv).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// CommonJS packages whose module.exports is the class and also carries `.default`.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
  $ref?: string;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: {
    required?: boolean;
    content: Record<string, { schema: Record<string, unknown> }>;
  };
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: {
    parameters: Record<string, Parameter>;
    examples: Record<string, { value: unknown }>;
    schemas: Record<string, unknown>;
  };
}

export interface MatchedOperation {
  /** The path template, as in the description: `/repos/{owner}/{repo}/check-runs`. */
  route: string;
  operationId: string;
  params: Record<string, string>;
}

interface Route {
  template: string;
  pattern: RegExp;
  names: string[];
  literal: number;
}

const require = createRequire(import.meta.url);

function descriptionPath(): string {
  const main = require.resolve('@octokit/openapi');
  return join(dirname(main), 'generated', 'api.github.com.json');
}

export class OpenApi {
  readonly document: Document;
  private readonly ajv: InstanceType<typeof Ajv>;
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    this.document = openApi30ToJsonSchema(
      JSON.parse(readFileSync(descriptionPath(), 'utf8')),
    ) as Document;
    this.ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true, logger: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ components: this.document.components }, 'gh');
    this.routes = Object.keys(this.document.paths).map((template) => {
      const names: string[] = [];
      const source = template
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1];
          if (name) {
            names.push(name);
            return '([^/]+)';
          }
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      return {
        template,
        pattern: new RegExp(`^${source}$`),
        names,
        literal: template.replace(/\{[^}]+\}/g, '').length,
      };
    });
  }

  /** The documented operation for a method and path, the most literal template winning. */
  match(method: string, path: string): MatchedOperation | undefined {
    const verb = method.toLowerCase();
    let best: { route: Route; match: RegExpExecArray } | undefined;
    for (const route of this.routes) {
      if (!this.document.paths[route.template][verb]) continue;
      const match = route.pattern.exec(path);
      if (match && (!best || route.literal > best.route.literal)) best = { route, match };
    }
    if (!best) return undefined;
    const params: Record<string, string> = {};
    best.route.names.forEach((name, i) => (params[name] = decodeURIComponent(best.match[i + 1])));
    return {
      route: best.route.template,
      operationId: this.document.paths[best.route.template][verb].operationId,
      params,
    };
  }

  /** Everything wrong with a request for this operation (empty when it follows the description). */
  check(
    method: string,
    matched: MatchedOperation,
    query: URLSearchParams,
    body: unknown,
    hasBody: boolean,
  ): string[] {
    const problems: string[] = [];
    const operation = this.document.paths[matched.route][method.toLowerCase()];
    const parameters = (operation.parameters ?? []).map((p) => this.parameter(p));
    for (const p of parameters.filter((p) => p.in === 'path')) {
      problems.push(...this.value(`path parameter ${p.name}`, p, matched.params[p.name]));
    }
    const declared = new Map(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const [name, value] of query) {
      const p = declared.get(name);
      if (!p) problems.push(`query parameter ${name} is not declared for ${operation.operationId}`);
      else problems.push(...this.value(`query parameter ${name}`, p, value));
    }
    for (const p of declared.values()) {
      if (p.required && !query.has(p.name)) problems.push(`query parameter ${p.name} is required`);
    }
    const schema = operation.requestBody?.content['application/json']?.schema;
    if (!schema) {
      if (hasBody) problems.push(`${operation.operationId} takes no request body`);
      return problems;
    }
    if (!hasBody) {
      if (operation.requestBody?.required) problems.push(`${operation.operationId} needs a body`);
      return problems;
    }
    const key = `${method.toLowerCase()} ${matched.route}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(this.rebase(schema));
      this.validators.set(key, validate);
    }
    if (!validate(body)) {
      for (const error of validate.errors ?? []) {
        problems.push(`body${error.instancePath} ${error.message ?? 'is invalid'}`);
      }
    }
    return problems;
  }

  example(name: string): unknown {
    const example = this.document.components.examples[name];
    if (!example) throw new Error(`no example ${name} in the OpenAPI description`);
    return structuredClone(example.value);
  }

  /** Compile a component schema (for payloads: `webhook-pull-request-synchronize`). */
  schema(name: string): ValidateFunction {
    return this.ajv.compile({ $ref: `gh#/components/schemas/${name}` });
  }

  private parameter(p: Parameter): Parameter {
    if (!p.$ref) return p;
    const name = p.$ref.replace('#/components/parameters/', '');
    return this.document.components.parameters[name];
  }

  private value(label: string, p: Parameter, raw: string | undefined): string[] {
    if (raw === undefined) return p.required ? [`${label} is required`] : [];
    const type = p.schema?.type;
    if ((type === 'integer' || type === 'number') && !/^-?\d+(\.\d+)?$/.test(raw)) {
      return [`${label} must be ${type} (got "${raw}")`];
    }
    if (type === 'integer' && !Number.isInteger(Number(raw))) return [`${label} must be integer`];
    const allowed = p.schema?.enum as unknown[] | undefined;
    if (allowed && !allowed.includes(raw)) return [`${label} must be one of ${allowed.join(', ')}`];
    return [];
  }

  /** Inline schemas refer to `#/components/...` of the description; point them at its copy. */
  private rebase(schema: Record<string, unknown>): Record<string, unknown> {
    return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"gh#/components/'));
  }
}

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema: a `null` type beside the declared one, or, on
 * a schema without `type` (an `allOf`, say), an `anyOf` with `null`. Ajv knows `nullable` only
 * next to `type`, and GitHub's description uses it both ways.
 */
function openApi30ToJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(openApi30ToJsonSchema);
  if (typeof value !== 'object' || value === null) return value;
  const node: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) node[key] = openApi30ToJsonSchema(item);
  if (node.nullable !== true) return node;
  delete node.nullable;
  if (typeof node.type === 'string') {
    node.type = [node.type, 'null'];
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
    return node;
  }
  return { anyOf: [node, { type: 'null' }] };
}

let shared: OpenApi | undefined;

/** One parsed description per test file (it is 13 MB). */
export function openApi(): OpenApi {
  shared ??= new OpenApi();
  return shared;
}
