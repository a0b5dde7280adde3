// Generates docs/rules/<id>.md and the README's rule table from rule metadata.
// `--check` fails (exit 1) when a generated file is out of date, so CI catches hand edits.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { renderRulePage, renderRuleTable } from '../src/docs/rule-page.js';
import { allRuleMetas } from '../src/run.js';

const check = process.argv.includes('--check');
const root = new URL('..', import.meta.url).pathname;
const pageDir = join(root, 'docs/rules');
const stale: string[] = [];

// Generated Markdown is written as prettier would format it, so format:check and docs:check agree.
async function sync(path: string, raw: string): Promise<void> {
  const options = (await prettier.resolveConfig(path)) ?? {};
  const content = await prettier.format(raw, { ...options, filepath: path });
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === content) return;
  if (check) stale.push(path);
  else writeFileSync(path, content);
}

const metas = allRuleMetas();
mkdirSync(pageDir, { recursive: true });
const expected = new Set(metas.map((meta) => `${meta.id}.md`));
for (const meta of metas) await sync(join(pageDir, `${meta.id}.md`), renderRulePage(meta));
for (const name of readdirSync(pageDir)) {
  if (expected.has(name)) continue;
  if (check) stale.push(join(pageDir, name));
  else unlinkSync(join(pageDir, name));
}

const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = '<!-- rules:start -->';
const end = '<!-- rules:end -->';
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from < 0 || to < from) {
  console.error(`README.md needs ${start} and ${end} markers around the rule table`);
  process.exit(1);
}
sync(
  readmePath,
  `${readme.slice(0, from + start.length)}\n${renderRuleTable(metas)}\n${readme.slice(to)}`,
);

if (stale.length) {
  console.error(`generated docs are out of date (run npm run docs):\n  ${stale.join('\n  ')}`);
  process.exit(1);
}
