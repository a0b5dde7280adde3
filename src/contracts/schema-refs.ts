// Inline `$ref`s to other files of the repository before comparing two schema versions, so a
// change in a shared definition file shows up in the schema that uses it. Local refs inside an
// inlined file are inlined too (they point into that file, not into the one they move to).
import { posix } from 'node:path';

type Loader = (path: string) => Promise<unknown>;

const MAX_DEPTH = 24;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointerTarget(doc: unknown, fragment: string): unknown {
  if (fragment === '' || fragment === '/') return doc;
  let node = doc;
  for (const raw of fragment.replace(/^\//, '').split('/')) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

/** Whether a schema refers to another file at all (most do not: skip the work). */
export function hasExternalRefs(schema: unknown): boolean {
  return /"\$ref"\s*:\s*"(?!#)/.test(JSON.stringify(schema) ?? '');
}

export async function inlineExternalRefs(
  schema: unknown,
  file: string,
  load: Loader,
): Promise<unknown> {
  const docs = new Map<string, Promise<unknown>>();
  const loadOnce = (path: string) => {
    if (!docs.has(path))
      docs.set(
        path,
        load(path).catch(() => undefined),
      );
    return docs.get(path)!;
  };

  const walk = async (
    node: unknown,
    from: string,
    doc: unknown,
    inlined: boolean,
    stack: string[],
  ): Promise<unknown> => {
    if (Array.isArray(node))
      return Promise.all(node.map((item) => walk(item, from, doc, inlined, stack)));
    if (!isObject(node)) return node;
    const ref = node.$ref;
    if (typeof ref === 'string' && stack.length < MAX_DEPTH && (!ref.startsWith('#') || inlined)) {
      const [target, fragment = ''] = ref.split('#');
      const path = target ? posix.normalize(posix.join(posix.dirname(from), target)) : from;
      const key = `${path}#${fragment}`;
      if (!stack.includes(key) && !path.startsWith('..')) {
        const targetDoc = target ? await loadOnce(path) : doc;
        const resolved = targetDoc === undefined ? undefined : pointerTarget(targetDoc, fragment);
        if (resolved !== undefined) {
          const { $ref: _ref, ...siblings } = node;
          const inner = await walk(resolved, path, targetDoc, true, [...stack, key]);
          return isObject(inner) ? { ...inner, ...siblings } : inner;
        }
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] =
        key === 'enum' || key === 'const' || key === 'examples' || key === 'default'
          ? value
          : await walk(value, from, doc, inlined, stack);
    }
    return out;
  };

  return walk(schema, file, schema, false, []);
}
