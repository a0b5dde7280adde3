// conda MatchSpec strings (`numpy`, `numpy=1.26`, `numpy==1.26.2`, `numpy=1.26.2=py311h_0`,
// `conda-forge::numpy>=1.2`, `numpy 1.26.2 build`, `numpy[version='>=1']`): exact or not.
// conda's `=1.2` is a fuzzy match (1.2.*); `==1.2` and `1.2` (space form) are exact.

export interface CondaSpec {
  name: string;
  /** Offset of the name in the spec string. */
  nameOffset: number;
  channel?: string;
  /** The version/build part as written ('' when bare). */
  specifier: string;
  pinned: boolean;
  strictOnly?: boolean;
  /** Pinned down to the build string: one artifact per platform. */
  hashed?: boolean;
  version?: string;
  why?: string;
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*/;

export function parseCondaSpec(spec: string): CondaSpec | { error: string } {
  const leading = spec.length - spec.trimStart().length;
  let text = spec.trim();
  let offset = leading;
  let channel: string | undefined;
  const sep = text.lastIndexOf('::');
  if (sep >= 0) {
    channel = text.slice(0, sep);
    offset += sep + 2;
    text = text.slice(sep + 2);
  }
  const nameMatch = NAME.exec(text);
  if (!nameMatch) return { error: `"${spec.trim()}" is not a conda package spec` };
  let name = nameMatch[0];
  let rest = text.slice(name.length).trim();
  // A name may end in '.' or '-' only as part of a version glued on (`numpy-1.2` is not conda syntax).
  name = name.replace(/[.+-]+$/, '');

  const result = (fields: Omit<CondaSpec, 'name' | 'nameOffset' | 'specifier'>): CondaSpec => {
    const value: CondaSpec = { name, nameOffset: offset, specifier: rest, ...fields };
    if (channel !== undefined) value.channel = channel;
    return value;
  };

  if (rest.startsWith('[')) {
    const version = /version\s*=\s*['"]?([^'",\]]+)/.exec(rest)?.[1]?.trim();
    const build = /build\s*=\s*['"]?([^'",\]]+)/.exec(rest)?.[1]?.trim();
    rest = version
      ? (/^[<>=!~]/.test(version) ? version : `==${version}`) + (build ? `=${build}` : '')
      : '';
  }
  if (rest === '') return result({ pinned: false, why: 'conda entry with no version' });

  // `=1.2[=build]`: fuzzy version (1.2.*) unless a build string pins the artifact.
  const fuzzy = /^=\s*([^=\s,|<>!]+)(?:\s*=\s*(\S+))?$/.exec(rest);
  if (fuzzy) {
    const version = fuzzy[1]!;
    if (fuzzy[2] && !fuzzy[2].includes('*') && !version.includes('*'))
      return result({ pinned: true, hashed: true, version });
    if (version.includes('*')) return result({ pinned: false, why: `=${version} is a wildcard` });
    const parts = version.split('.').length;
    if (parts >= 3) {
      return result({
        pinned: false,
        strictOnly: true,
        why: `conda "=${version}" is a fuzzy match (${version}.*), not ==${version} or =${version}=<build>`,
      });
    }
    return result({ pinned: false, why: `conda "=${version}" matches any ${version}.* release` });
  }
  const exact = /^==\s*([^=\s,|<>!*]+)(?:\s*=\s*(\S+))?$/.exec(rest);
  if (exact) {
    const value: Omit<CondaSpec, 'name' | 'nameOffset' | 'specifier'> = {
      pinned: true,
      version: exact[1]!,
    };
    if (exact[2]) value.hashed = true;
    return result(value);
  }
  if (/^(===|==|>=|<=|!=|~=|>|<)/.test(rest) || /[,|]/.test(rest)) {
    return result({
      pinned: false,
      why: `${rest.replace(/\s+/g, '')} is a range, not an exact pin`,
    });
  }
  // Space form: `1.2.3 [build]` is exact; `1.2.*` is a wildcard.
  const spaced = /^([^\s=<>!,|]+)(?:\s+(\S+))?$/.exec(rest);
  if (spaced) {
    const version = spaced[1]!;
    if (version.includes('*')) return result({ pinned: false, why: `${version} is a wildcard` });
    const value: Omit<CondaSpec, 'name' | 'nameOffset' | 'specifier'> = { pinned: true, version };
    if (spaced[2] && !spaced[2].includes('*')) value.hashed = true;
    return result(value);
  }
  return result({ pinned: false, why: `"${rest}" is not an exact version` });
}
