// Distribution names: PEP 503 normalisation and PEP 508 validity.

const VALID_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

/** PEP 503: lowercase, and every run of `-`, `_` or `.` becomes a single `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function isValidName(name: string): boolean {
  return VALID_NAME.test(name);
}
