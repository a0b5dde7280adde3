// `max-file-size` values: a number of bytes, or a size with a unit. Binary units (KiB, MiB, GiB)
// are powers of 1024; decimal ones (kB, MB, GB) powers of 1000; a bare K, M or G is binary,
// which is what people mean by "5M" for a file.

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

const SIZE = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([kmg]i?b?|b)?\s*$/i;

const BINARY: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const DECIMAL: Record<string, number> = { k: 1000, m: 1000 ** 2, g: 1000 ** 3 };

/** Bytes for a size value, or undefined when it is not a positive size. */
export function parseByteSize(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 1 ? value : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const match = SIZE.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase();
  let factor = 1;
  if (unit !== '' && unit !== 'b') {
    const prefix = unit[0];
    const decimal = unit.length === 2 && unit[1] === 'b';
    factor = decimal ? DECIMAL[prefix] : BINARY[prefix];
  }
  const bytes = Math.floor(amount * factor);
  return Number.isSafeInteger(bytes) && bytes >= 1 ? bytes : undefined;
}

/** A readable rendering of a byte count, for messages: `5 MiB`, `1536 bytes`. */
export function formatByteSize(bytes: number): string {
  for (const [unit, factor] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** Whether a string has the shape of a size, whatever its value (`0KiB` has the shape). */
export function isSizeText(value: unknown): boolean {
  return typeof value === 'string' && SIZE.test(value);
}
