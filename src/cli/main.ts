// Dispatch to a command; every usage or config problem exits 2 with a located message.
import { ConfigError } from '../config/errors.js';
import { UnknownRevisionError, UnknownRuleError, allRuleMetas } from '../run.js';
import { baselineCommand } from './baseline.js';
import { checkCommand } from './check.js';
import { DOCS_USAGE, docsCommand } from './docs.js';
import { TEST_RULES_USAGE, testRulesCommand } from './test-rules.js';
import { USAGE as CHECK_USAGE, UsageError } from './usage.js';

/** The usage text with the rule-pack commands listed before `help`. */
const USAGE = CHECK_USAGE.replace(
  /^(\s*handoff-gate help\b)/m,
  `${TEST_RULES_USAGE}\n${DOCS_USAGE}\n$1`,
);

const LEADING_SWITCHES = new Set(['--strict', '--explain', '--no-color']);

export async function main(argv: string[]): Promise<number> {
  // Switches written before the command (`handoff-gate --strict check .`) belong to the command.
  let at = 0;
  while (at < argv.length && LEADING_SWITCHES.has(argv[at])) at++;
  const [command, ...rest] = [
    ...argv.slice(at, at + 1),
    ...argv.slice(0, at),
    ...argv.slice(at + 1),
  ];
  try {
    switch (command) {
      case 'check':
        return await checkCommand(rest);
      case 'baseline':
        return await baselineCommand(rest);
      case 'test-rules':
        return await testRulesCommand(rest);
      case 'docs':
        return await docsCommand(rest);
      case 'rules':
        for (const meta of allRuleMetas()) {
          process.stdout.write(
            `${meta.id.padEnd(28)} ${meta.defaultSeverity.padEnd(8)} ${meta.title}\n`,
          );
        }
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v': {
        const { VERSION } = await import('../version.js');
        process.stdout.write(`${VERSION}\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.format()}\n`);
      return 2;
    }
    if (
      error instanceof UsageError ||
      error instanceof UnknownRuleError ||
      error instanceof UnknownRevisionError ||
      isParseArgsError(error)
    ) {
      process.stderr.write(`handoff-gate: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
