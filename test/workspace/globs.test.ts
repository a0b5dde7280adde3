import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileGlobSet,
  compileGlobs,
  expandPattern,
  hasNegation,
} from '../../src/workspace/globs.js';

describe('compileGlobs', () => {
  it('matches a pattern without a slash at any depth, like .gitignore', () => {
    const match = compileGlobs(['*.csv']);
    expect(match('data.csv')).toBe(true);
    expect(match('data/raw/train.csv')).toBe(true);
    expect(match('data/raw/train.csv.bak')).toBe(false);
  });

  it('treats a name as a file or a folder anywhere', () => {
    const match = compileGlobs(['legacy']);
    expect(match('legacy')).toBe(true);
    expect(match('legacy/model.py')).toBe(true);
    expect(match('src/legacy/model.py')).toBe(true);
    expect(match('src/legacy_model.py')).toBe(false);
  });

  it('anchors a pattern with a slash in the middle or at the start at the root', () => {
    const nested = compileGlobs(['src/**']);
    expect(nested('src/a.py')).toBe(true);
    expect(nested('lib/src/a.py')).toBe(false);
    const rooted = compileGlobs(['/setup.py']);
    expect(rooted('setup.py')).toBe(true);
    expect(rooted('pkg/setup.py')).toBe(false);
  });

  it('makes dir/ match everything below that folder but not a file of that name', () => {
    const match = compileGlobs(['build/']);
    expect(match('build/lib/x.py')).toBe(true);
    expect(match('pkg/build/x.py')).toBe(true);
    expect(match('build')).toBe(false);
  });

  it('matches everything below a matched folder for anchored patterns too', () => {
    const match = compileGlobs(['docs/api']);
    expect(match('docs/api/index.md')).toBe(true);
    expect(match('docs/apis/index.md')).toBe(false);
  });

  it('matches dotfiles and dot folders', () => {
    const match = compileGlobs(['**/*.yml']);
    expect(match('.github/workflows/ci.yml')).toBe(true);
    expect(compileGlobs(['*'])('.env')).toBe(true);
  });

  it('lets a later !pattern re-include and the last match win', () => {
    const match = compileGlobs(['data/**', '!data/schemas/**', 'data/schemas/tmp/**']);
    expect(match('data/raw.csv')).toBe(true);
    expect(match('data/schemas/input.json')).toBe(false);
    expect(match('data/schemas/tmp/x.json')).toBe(true);
    expect(match('src/a.py')).toBe(false);
  });

  it('ignores blank patterns and a ./ prefix', () => {
    expect(compileGlobs(['', '   '])('a.py')).toBe(false);
    expect(compileGlobs(['./src/**'])('src/a.py')).toBe(true);
    expect(compileGlobs(['src/**'])('./src/a.py')).toBe(true);
  });

  it('matches nothing for an empty list', () => {
    expect(compileGlobs([])('anything')).toBe(false);
  });

  it('a floating name matches exactly the paths that contain it as a segment', () => {
    const segment = fc.stringMatching(/^[a-z0-9_.-]{1,8}$/).filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(segment, fc.array(segment, { minLength: 1, maxLength: 5 }), (name, path) => {
        const expected = path.includes(name);
        expect(compileGlobs([name])(path.join('/'))).toBe(expected);
      }),
    );
  });
});

describe('expandPattern', () => {
  it('spells out what a pattern stands for', () => {
    expect(expandPattern('*.py')).toEqual({
      negated: false,
      fileGlobs: ['**/*.py', '**/*.py/**'],
      folderGlobs: ['**/*.py', '**/*.py/**'],
    });
    expect(expandPattern('!/src/')).toEqual({
      negated: true,
      fileGlobs: ['src/**/*'],
      folderGlobs: ['src', 'src/**'],
    });
    expect(expandPattern('/')).toBeNull();
  });

  it('reports negations so callers know they cannot prune folders', () => {
    expect(hasNegation(['a', ' !b'])).toBe(true);
    expect(hasNegation(['a', 'b!'])).toBe(false);
  });
});

describe('compileGlobSet.coversFolder', () => {
  it('says a folder is covered when a pattern matches it or an ancestor', () => {
    const set = compileGlobSet(['data/', 'legacy/**', '*.tmp']);
    expect(set.coversFolder('data')).toBe(true);
    expect(set.coversFolder('a/data/raw')).toBe(true);
    expect(set.coversFolder('legacy')).toBe(true);
    expect(set.coversFolder('src')).toBe(false);
  });

  it('never covers a folder when a pattern could re-include something below', () => {
    const set = compileGlobSet(['data/', '!data/schema.json']);
    expect(set.coversFolder('data')).toBe(false);
    expect(set.matchesFile('data/raw.csv')).toBe(true);
    expect(set.matchesFile('data/schema.json')).toBe(false);
  });
});
