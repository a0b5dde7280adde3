// Plain-data helpers for merging option objects from several layers.
import { isPlainObject } from './yaml-document.js';

/**
 * `over` merged onto `under` without touching either: mappings merge key by key, anything
 * else (lists included) from `over` replaces what was below.
 */
export function deepMerge(
  under: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const result = cloneValue(under) as Record<string, unknown>;
  for (const [key, value] of Object.entries(over)) {
    const below = result[key];
    const merged =
      isPlainObject(below) && isPlainObject(value) ? deepMerge(below, value) : cloneValue(value);
    setOwn(result, key, merged);
  }
  return result;
}

/** A deep copy of plain data (objects, arrays, scalars). */
export function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(copy, key, cloneValue(item));
    return copy;
  }
  return value;
}

/** Assignment that stores `__proto__` as a plain key instead of changing the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
