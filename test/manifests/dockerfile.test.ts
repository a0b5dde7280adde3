import { describe, expect, it } from 'vitest';
import {
  dockerfileDeclarations,
  parseDockerfile,
  substituteArgs,
} from '../../src/manifests/dockerfile.js';
import { parseImageReference } from '../../src/manifests/docker-image.js';

const rows = (text: string) =>
  dockerfileDeclarations('Dockerfile', text).declarations.map(
    (d) =>
      `${d.line}:${d.column} ${d.name}${d.specifier} ${d.pinned ? 'pinned' : d.strictOnly ? 'strict' : 'unpinned'}`,
  );
const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('Dockerfile FROM', () => {
  it('tells latest/no tag (error) from a bare tag (strict only) from a digest (pinned)', () => {
    expect(
      rows(
        `FROM python\nFROM python:latest\nFROM python:3.11-slim\nFROM python:3.11@${DIGEST}\nFROM registry:5000/team/img:1.0\n`,
      ),
    ).toEqual([
      '1:6 python unpinned',
      '2:6 python:latest unpinned',
      '3:6 python:3.11-slim strict',
      `4:6 python:3.11@${DIGEST} pinned`,
      '5:6 registry:5000/team/img:1.0 strict',
    ]);
  });

  it('substitutes global ARG defaults, skips scratch and earlier stages, and keeps --platform out', () => {
    const text = [
      'ARG BASE=python',
      'ARG TAG',
      'FROM --platform=$BUILDPLATFORM ${BASE}:${TAG:-3.11} AS build',
      'FROM build',
      'FROM scratch',
      'FROM ${BASE}:${TAG}',
      'FROM img@sha256:${HASH}',
    ].join('\n');
    expect(rows(text)).toEqual([
      '3:32 python:3.11 strict',
      '6:6 python:${TAG} strict',
      '7:6 img@sha256:${HASH} pinned',
    ]);
  });

  it('says what is wrong with a malformed digest', () => {
    const [declaration] = dockerfileDeclarations(
      'Dockerfile',
      'FROM python:3.7@sha256:v2\n',
    ).declarations;
    expect(declaration!.pinned).toBe(false);
    expect(declaration!.why).toMatch(/not a valid digest/);
  });
});

describe('Dockerfile RUN', () => {
  it('reports each package at its own physical line through continuations and comment lines', () => {
    const text = [
      'FROM x@' + DIGEST,
      'RUN pip install \\',
      '    a==1 \\',
      '    # a comment inside',
      '    b \\',
      '',
      "    'c>=2' d>=3",
    ].join('\n');
    // Unquoted, `d>=3` is `d` with its output redirected to a file named `=3`: what the shell runs.
    expect(rows(text).slice(1)).toEqual([
      '3:5 a==1 pinned',
      '5:5 b unpinned',
      '7:6 c>=2 unpinned',
      '7:12 d unpinned',
    ]);
  });

  it('reads the exec (JSON) form, including bash -c strings', () => {
    const text = `FROM x@${DIGEST}\nRUN ["/bin/bash", "-c", "source activate e && conda install -y tqdm && pip install a==1"]\nRUN ["pip", "install", "b"]\n`;
    expect(rows(text).slice(1)).toEqual([
      '2:64 tqdm unpinned',
      '2:84 a==1 pinned',
      '3:25 b unpinned',
    ]);
  });

  it('reads heredoc scripts run by a shell, not heredocs that are data or Python', () => {
    const text = [
      `FROM x@${DIGEST}`,
      'RUN <<EOF',
      'pip install a',
      'EOF',
      'RUN python3 <<PY',
      'import os  # pip install b',
      'PY',
      'RUN cat <<EOF > /requirements.txt',
      'c',
      'EOF',
      'RUN bash <<-EOS',
      '\tpip install d',
      '\tEOS',
    ].join('\n');
    expect(rows(text).slice(1)).toEqual(['3:13 a unpinned', '12:14 d unpinned']);
  });

  it('does not report requirement-file, editable or lock-based installs', () => {
    const text = `FROM x@${DIGEST}\nRUN pip install -r requirements.txt -e . && pipenv install --system --deploy && conda env create -f env.yml\n`;
    expect(rows(text)).toHaveLength(1);
  });

  it('reports lines that are not instructions and keeps going', () => {
    const parsed = dockerfileDeclarations(
      'Dockerfile',
      'FROM python\n{not an instruction}\nRUN pip install a\n',
    );
    expect(parsed.problems.map((p) => p.line)).toEqual([2]);
    expect(parsed.declarations.map((d) => d.name)).toEqual(['python', 'a']);
  });

  it('honours the backtick escape directive', () => {
    const parsed = parseDockerfile('Dockerfile', '# escape=`\nFROM x\nRUN pip install `\n  a\n');
    expect(parsed.instructions.map((i) => [i.keyword, i.line])).toEqual([
      ['FROM', 2],
      ['RUN', 3],
    ]);
  });
});

describe('image references and ARG substitution', () => {
  it('parses registry ports, tags and digests', () => {
    expect(parseImageReference('localhost:5000/a/b:1.0')).toEqual({
      name: 'localhost:5000/a/b',
      tag: '1.0',
    });
    expect(parseImageReference(`a@${DIGEST}`)).toEqual({ name: 'a', digest: DIGEST });
    expect(parseImageReference('a:1@sha256:v2')).toEqual({
      name: 'a',
      tag: '1',
      invalidDigest: 'sha256:v2',
    });
  });

  it('handles ${VAR:-default} and ${VAR:+alt}', () => {
    const args = new Map([['SET', 'x']]);
    expect(
      substituteArgs('${UNSET:-d}/${SET:-d}/${SET:+alt}/${UNSET:+alt}/$SET/$UNSET', args),
    ).toBe('d/x/alt//x/$UNSET');
  });
});
