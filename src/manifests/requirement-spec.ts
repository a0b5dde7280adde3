// One requirement as pip reads it — a PEP 508 specification, a URL or VCS reference, or a local
// path — and whether it resolves to exactly one version.
import {
  classifyReference,
  isPathLike,
  isUrlLike,
  type DirectReference,
} from './direct-reference.js';
import { classifySpecifier } from './pep440.js';
import { isPep508Error, parsePep508 } from './pep508.js';

export type RequirementKind = 'named' | 'reference' | 'local' | 'invalid';

export interface RequirementAnalysis {
  kind: RequirementKind;
  name?: string;
  /** Where the name came from: the spec itself, `#egg=`, a wheel file name, or a guess from a file or repo. */
  nameFrom?: 'spec' | 'egg' | 'wheel' | 'derived';
  /** Offset of the name (or of the whole requirement when it has none) in the analysed text. */
  offset: number;
  extras: string[];
  specifier: string;
  marker?: string;
  url?: string;
  pinned: boolean;
  strictOnly?: boolean;
  hashed: boolean;
  version?: string;
  why?: string;
  error?: string;
}

// `name [extras] @ scheme:` — PEP 508's URL form (a scheme is required, unlike `git@host:path`).
const NAME_AT_URL =
  /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?\s*@\s*[A-Za-z][A-Za-z0-9+.-]*:\/\//;

export interface AnalyzeOptions {
  /** Read a bare word as a local path (pip's `-e path`). */
  editable?: boolean;
}

export function analyzeRequirement(
  text: string,
  options: AnalyzeOptions = {},
): RequirementAnalysis {
  const leading = text.length - text.trimStart().length;
  const body = text.trim();
  if (body === '') return invalid('empty requirement', leading);

  if (isUrlLike(body)) return fromReference('reference', classifyReference(body), leading, body);
  if (NAME_AT_URL.test(body)) {
    const parsed = parsePep508(body);
    if (isPep508Error(parsed)) return invalid(parsed.error, leading + parsed.offset);
    const url = parsed.url ?? '';
    const ref = classifyReference(url);
    const analysis = fromReference(ref.kind === 'path' ? 'local' : 'reference', ref, leading, url);
    analysis.name = parsed.name;
    analysis.nameFrom = 'spec';
    // PEP 508's URL form carries no version specifier of its own.
    analysis.specifier = '';
    analysis.offset = leading + parsed.nameStart;
    analysis.extras = parsed.extras;
    if (parsed.marker) analysis.marker = parsed.marker;
    return analysis;
  }
  if (isPathLike(body) || options.editable) {
    const extras = /\[([^\]]*)\]$/.exec(body)?.[1];
    const bare = body.replace(/\[[^\]]*\]$/, '');
    const analysis = fromReference('local', classifyReference(bare), leading, bare);
    if (extras !== undefined) analysis.extras = splitList(extras);
    return analysis;
  }
  const parsed = parsePep508(body);
  if (isPep508Error(parsed)) return invalid(parsed.error, leading + parsed.offset);
  const verdict = classifySpecifier(parsed.specifier);
  const analysis: RequirementAnalysis = {
    kind: 'named',
    name: parsed.name,
    nameFrom: 'spec',
    offset: leading + parsed.nameStart,
    extras: parsed.extras,
    specifier: parsed.specifier,
    pinned: verdict.pinned,
    hashed: false,
  };
  if (parsed.marker) analysis.marker = parsed.marker;
  if (verdict.version !== undefined) analysis.version = verdict.version;
  if (verdict.why) analysis.why = verdict.why;
  return analysis;
}

function fromReference(
  kind: RequirementKind,
  ref: DirectReference,
  offset: number,
  url: string,
): RequirementAnalysis {
  const analysis: RequirementAnalysis = {
    kind: ref.kind === 'path' ? 'local' : kind,
    offset,
    extras: ref.extras ?? [],
    specifier: ref.specifier ?? '',
    url,
    // A local path is not fetched from anywhere: nothing to pin.
    pinned: ref.kind === 'path' ? true : ref.pinned,
    hashed: ref.hashed,
  };
  if (ref.name) {
    analysis.name = ref.name;
    analysis.nameFrom = ref.nameFrom ?? 'derived';
  }
  if (ref.kind !== 'path') {
    if (ref.strictOnly) analysis.strictOnly = true;
    if (ref.why) analysis.why = ref.why;
  }
  if (ref.ref) analysis.version = ref.ref;
  return analysis;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function invalid(error: string, offset: number): RequirementAnalysis {
  return {
    kind: 'invalid',
    offset,
    extras: [],
    specifier: '',
    pinned: false,
    hashed: false,
    error,
  };
}
