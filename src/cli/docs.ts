// `handoff-gate docs <pack> [--out DIR] [--check]`: write the pack's rule pages (the same
// renderer as the built-in rules' pages). `--check` writes nothing and exits 1 when a page is
// missing or differs, for CI.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packDocs } from '../packs/docs.js';
import { openPack } from '../packs/open.js';
import { UsageError } from './usage.js';

export const DOCS_USAGE = `  handoff-gate docs <pack> [--out DIR] [--check]
                                         write a rule pack's docs pages (default DIR: docs/ beside the pack)`;

export async function docsCommand(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { out: { type: 'string' }, check: { type: 'boolean' } },
  });
  if (positionals.length !== 1)
    throw new UsageError('docs needs one pack: a pack file or a folder holding one');
  const pack = await openPack(positionals[0]);
  const folder = resolve(values.out ?? join(pack.dir ?? '.', 'docs', pack.name));
  const pages = await packDocs(pack);
  const shown = (name: string) => relative(process.cwd(), join(folder, name)) || name;
  if (values.check) {
    const stale = pages.filter((page) => {
      const path = join(folder, page.name);
      return !existsSync(path) || readFileSync(path, 'utf8') !== page.content;
    });
    for (const page of stale) out.write(`out of date: ${shown(page.name)}\n`);
    if (stale.length)
      out.write(
        `run handoff-gate docs ${positionals[0]}${values.out ? ` --out ${values.out}` : ''} to update\n`,
      );
    return stale.length ? 1 : 0;
  }
  mkdirSync(folder, { recursive: true });
  for (const page of pages) writeFileSync(join(folder, page.name), page.content);
  out.write(`wrote ${pages.length} pages for pack '${pack.name}' to ${shown('') || '.'}\n`);
  return 0;
}
