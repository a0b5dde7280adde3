// The check without a contract: prediction entrypoints that do not say what they take and
// return. A prediction entrypoint is a `predict`-style method of a model class, or a module-level
// `predict` function of a serving script. Not entrypoints: web route handlers (the framework
// calls them with a request), test doubles, and anything in test files.
import { isOverload, missingAnnotations } from './interface-check.js';
import type { PyClass, PyFunction, PyModule, PyParam } from './python-defs.js';

export const DEFAULT_ENTRYPOINT_NAMES = [
  'predict',
  'predict_proba',
  'predict_log_proba',
  'predict_batch',
];

export interface UnannotatedEntrypoint {
  fn: PyFunction;
  owner?: PyClass;
  params: PyParam[];
  returns: boolean;
}

const TEST_FILE =
  /(^|\/)(tests?|testing)\/|(^|\/)(test_[^/]*|[^/]*_tests?|tests?|conftest)\.(py|ipynb)$/i;
const TEST_DOUBLE = /^(Mock|Fake|Stub|Dummy|Spy)|(Mock|Fake|Stub|Spy|Double)$/;
// Classes that call a model rather than being one: HTTP clients, web views and handlers.
const NOT_A_MODEL =
  /(Client|Session|Api|API|View|ViewSet|Handler|Controller|Router|Resource|Endpoint)$/;
const ROUTE_DECORATOR =
  /^[\w.]+\.(route|get|post|put|patch|delete|head|options|api_route|websocket|add_url_rule)\s*\(|^(route|get|post|put|patch|delete|api_view|app\.task|task|flow)\b/;

/** Test modules hold doubles and helpers, not entrypoints. */
export function isTestPath(file: string): boolean {
  return TEST_FILE.test(file);
}

function isRouteHandler(fn: PyFunction): boolean {
  return fn.decorators.some((d) => ROUTE_DECORATOR.test(d));
}

function check(
  fn: PyFunction,
  isMethod: boolean,
  owner?: PyClass,
): UnannotatedEntrypoint | undefined {
  if (isOverload(fn)) return undefined;
  const missing = missingAnnotations(fn, isMethod);
  // `*args`/`**kwargs` pass-throughs are left alone: the named parameters carry the interface.
  const params = missing.params.filter(
    (p) => p.kind !== 'var-positional' && p.kind !== 'var-keyword',
  );
  if (params.length === 0 && !missing.returns) return undefined;
  return { fn, ...(owner ? { owner } : {}), params, returns: missing.returns };
}

function scanClass(cls: PyClass, names: Set<string>, found: UnannotatedEntrypoint[]): void {
  if (TEST_DOUBLE.test(cls.name) || NOT_A_MODEL.test(cls.name)) return;
  for (const method of cls.methods) {
    if (!names.has(method.name)) continue;
    const problem = check(method, true, cls);
    if (problem) found.push(problem);
  }
  for (const inner of cls.classes) scanClass(inner, names, found);
}

/** Prediction entrypoints of a module that lack parameter or return annotations. */
export function findUnannotatedEntrypoints(
  module: PyModule,
  names: readonly string[],
): UnannotatedEntrypoint[] {
  const wanted = new Set(names);
  const found: UnannotatedEntrypoint[] = [];
  for (const cls of module.classes) scanClass(cls, wanted, found);
  for (const fn of module.functions) {
    // A handler reads its input from the request: without parameters it is not a model entrypoint.
    if (!wanted.has(fn.name) || isRouteHandler(fn) || fn.params.length === 0) continue;
    const problem = check(fn, false);
    if (problem) found.push(problem);
  }
  return found;
}

/** `ModelService.predict(self, features)` for messages. */
export function describeEntrypoint(entry: { fn: PyFunction; owner?: PyClass }): string {
  const params = entry.fn.params
    .map((p) =>
      p.kind === 'var-positional'
        ? `*${p.name}`
        : p.kind === 'var-keyword'
          ? `**${p.name}`
          : p.name,
    )
    .join(', ');
  return `${entry.owner ? `${entry.owner.qualname}.` : ''}${entry.fn.name}(${params})`;
}
