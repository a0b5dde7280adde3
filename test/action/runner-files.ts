// Reading what an action leaves for the runner: the GITHUB_OUTPUT file and workflow commands.

/**
 * Parse a GITHUB_OUTPUT file. The runner accepts `name=value` lines and the multiline
 * `name<<DELIMITER` … `DELIMITER` form; anything else is an error here, as it is for the runner.
 */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`output ${name}: no closing delimiter ${delimiter}`);
      outputs[name] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`malformed output line: ${line}`);
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

export interface Command {
  command: string;
  props: Record<string, string>;
  message: string;
}

const CODES: Record<string, string> = { '25': '%', '0D': '\r', '0A': '\n', '3A': ':', '2C': ',' };
const unescape = (s: string) => s.replace(/%(25|0D|0A|3A|2C)/g, (_, code: string) => CODES[code]);

/** Workflow commands in a step's stdout, honouring `::stop-commands::` as the runner does. */
export function parseCommands(stdout: string): Command[] {
  const commands: Command[] = [];
  let stopToken: string | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const match = /^::([a-zA-Z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const props: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      props[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
    }
    const command = { command: match[1], props, message: unescape(match[3]) };
    if (command.command === 'stop-commands') stopToken = command.message;
    else commands.push(command);
  }
  return commands;
}
