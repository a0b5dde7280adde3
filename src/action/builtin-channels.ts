// The channels every run has: the text report in the log, the SARIF and JSON files, the job
// summary and the workflow-command annotations.
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatAnnotations } from '../report/annotations.js';
import { formatJson } from '../report/json.js';
import { formatMarkdown } from '../report/markdown.js';
import { formatSarif } from '../report/sarif.js';
import { formatText } from '../report/text.js';
import type { Channel } from './channels.js';
import { workspacePath } from './github-env.js';

/** GitHub's job summary limit is 1 MiB per step; keep a little room for the runner. */
export const SUMMARY_MAX_BYTES = 1024 * 1024 - 1024;
export const DEFAULT_SARIF_NAME = 'handoff-gate.sarif';

type Write = (text: string) => void;
const stdout: Write = (text) => {
  process.stdout.write(text);
};

/**
 * The human report in the step log. It quotes the scanned repository, so workflow commands are
 * switched off around it: a line of repository text starting with `::` cannot act on the runner.
 */
export function logChannel(write: Write = stdout): Channel {
  return {
    name: 'log',
    async write({ result }) {
      const token = `handoff-gate-${randomUUID()}`;
      write(`::group::handoff-gate report\n::stop-commands::${token}\n`);
      write(formatText(result, { color: true }));
      write(`::${token}::\n::endgroup::\n`);
    },
  };
}

export function sarifFileChannel(): Channel {
  return {
    name: 'sarif-file',
    async write({ result, inputs, run }, log) {
      const path = inputs.sarifFile
        ? workspacePath(run.workspace, inputs.sarifFile)
        : join(run.tempDir, DEFAULT_SARIF_NAME);
      await writeText(path, formatSarif(result));
      log.info(`SARIF written to ${path}`);
      return { 'sarif-file': path };
    },
  };
}

export function jsonFileChannel(): Channel {
  return {
    name: 'json-file',
    async write({ result, inputs, run }, log) {
      if (!inputs.jsonFile) return;
      const path = workspacePath(run.workspace, inputs.jsonFile);
      await writeText(path, formatJson(result));
      log.info(`JSON report written to ${path}`);
      return { 'json-file': path };
    },
  };
}

export function jobSummaryChannel(): Channel {
  return {
    name: 'job-summary',
    async write({ result, run }, log) {
      const file = process.env.GITHUB_STEP_SUMMARY;
      if (!file) {
        log.debug('GITHUB_STEP_SUMMARY is not set: no job summary');
        return;
      }
      // Appended as the runner expects; written directly rather than through core.summary,
      // which remembers the first file it saw for the life of the process.
      const body = formatMarkdown(result, { maxBytes: SUMMARY_MAX_BYTES, linkBase: run.linkBase });
      await appendFile(file, body, 'utf8');
    },
  };
}

export function annotationsChannel(write: Write = stdout): Channel {
  return {
    name: 'annotations',
    async write({ result, run }) {
      const lines = formatAnnotations(result, { detailsUrl: run.runUrl });
      if (lines.length) write(lines.join('\n') + '\n');
    },
  };
}

export function builtinChannels(): Channel[] {
  return [
    logChannel(),
    sarifFileChannel(),
    jsonFileChannel(),
    jobSummaryChannel(),
    annotationsChannel(),
  ];
}

async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, 'utf8');
}
