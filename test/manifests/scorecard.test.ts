// OpenSSF Scorecard's Pinned-Dependencies fixtures: the unpinned counts its tests expect, for the
// sources both tools read, under the mapping documented in scorecard-mapping.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { dockerfileDeclarations } from '../../src/manifests/dockerfile.js';
import type { Declaration } from '../../src/manifests/model.js';
import { shellScriptDeclarations } from '../../src/manifests/shell-script.js';
import { workflowDeclarations } from '../../src/manifests/workflow.js';
import { judge } from '../../src/rules/pinned-dependencies.js';

const ROOT = join(__dirname, '../fixtures/manifests/peer/scorecard');
const expectations: Record<string, { by_scope?: Record<string, { unpinned: number }> }> =
  JSON.parse(readFileSync(join(ROOT, 'expectations.json'), 'utf8'));
const mapping = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/manifests/scorecard-mapping.json'), 'utf8'),
);
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const unpinned = (declarations: Declaration[], mode: 'exact' | 'hashes' = 'exact') =>
  declarations.filter((d) => judge(d, mode, true));

describe('Scorecard container-image counts (FROM), strict mode', () => {
  const files = Object.entries(expectations).filter(([, e]) => e.by_scope?.['container-image']);
  it('covers the Dockerfile fixtures', () => expect(files.length).toBeGreaterThanOrEqual(15));
  for (const [file, expectation] of files) {
    it(file, () => {
      const images = dockerfileDeclarations(file, text(file)).declarations.filter(
        (d) => d.ecosystem === 'docker',
      );
      const delta = mapping.containerImage.adjustments[file]?.delta ?? 0;
      expect(unpinned(images).length).toBe(
        expectation.by_scope!['container-image']!.unpinned + delta,
      );
    });
  }
});

describe('Scorecard workflow-uses counts', () => {
  const files = Object.entries(expectations).filter(([, e]) => e.by_scope?.['workflow-uses']);
  it('covers the workflow fixtures', () => expect(files.length).toBeGreaterThanOrEqual(10));
  for (const [file, expectation] of files) {
    it(file, () => {
      const counter = new LineCounter();
      const docs = parseAllDocuments(text(file), { lineCounter: counter }) as unknown as Parameters<
        typeof workflowDeclarations
      >[1][];
      const locate = (offset: number) => ({
        line: counter.linePos(offset).line,
        column: counter.linePos(offset).col,
      });
      const uses = (Array.isArray(docs) ? docs : [docs]).flatMap((doc) =>
        workflowDeclarations(file, doc, locate),
      );
      expect(unpinned(uses).length).toBe(expectation.by_scope!['workflow-uses']!.unpinned);
    });
  }
});

describe('Scorecard pip command lines (mode hashes, strict)', () => {
  for (const [file, table] of Object.entries<{ unpinned: number[]; pinned: number[] }>(
    mapping.pipLines.files,
  )) {
    it(file, () => {
      const declarations = file.includes('Dockerfile')
        ? dockerfileDeclarations(file, text(file)).declarations.filter(
            (d) => d.ecosystem === 'pypi',
          )
        : shellScriptDeclarations(file, text(file)).declarations;
      const lineUnpinned = (line: number) => {
        const here = declarations.filter((d) => d.line === line);
        expect(here.length, `${file}:${line} has a package`).toBeGreaterThan(0);
        return here.some((d) => judge(d, 'hashes', true));
      };
      expect(table.unpinned.filter((line) => !lineUnpinned(line))).toEqual([]);
      expect(table.pinned.filter((line) => lineUnpinned(line))).toEqual([]);
    });
  }
});
