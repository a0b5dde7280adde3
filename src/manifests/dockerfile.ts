// Dockerfiles: `FROM` images (tag, digest, ARG substitution, stage names, `scratch`) and package
// installs in `RUN` (shell form with `\` continuations, exec/JSON form, and heredocs).
import { base } from './declare.js';
import { parseImageReference } from './docker-image.js';
import { findInstallCommands, installsFromWords } from './install-commands.js';
import { declareInstalls } from './install-declarations.js';
import { LineIndex } from './lines.js';
import type { Declaration, ManifestProblem } from './model.js';
import type { Word } from './shell-words.js';

export interface DockerInstruction {
  keyword: string;
  line: number;
  /** Offset of the arguments in `text` of the parsed file (after the keyword). */
  argsStart: number;
  argsEnd: number;
  /** Heredoc bodies that belong to this instruction: offsets of the body and its delimiter word. */
  heredocs: { start: number; end: number; command: string }[];
}

export interface ParsedDockerfile {
  /** The text with comment and blank lines inside continuations blanked out (same offsets). */
  text: string;
  instructions: DockerInstruction[];
  problems: ManifestProblem[];
}

const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

export function parseDockerfile(file: string, source: string): ParsedDockerfile {
  const escapeChar = /^#\s*escape\s*=\s*`/im.test(source.split('\n').slice(0, 5).join('\n'))
    ? '`'
    : '\\';
  const lines = source.split('\n');
  const chars = source.split('');
  const instructions: DockerInstruction[] = [];
  const problems: ManifestProblem[] = [];
  let offset = 0;
  let i = 0;
  const lineStarts: number[] = [];
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  const blank = (lineIndex: number): void => {
    const start = lineStarts[lineIndex]!;
    const end = Math.min(chars.length, start + lines[lineIndex]!.length + 1);
    for (let k = start; k < end; k++) chars[k] = ' ';
  };
  const continues = (line: string): boolean => line.replace(/\s+$/, '').endsWith(escapeChar);

  while (i < lines.length) {
    const line = lines[i]!;
    if (/^\s*(#|$)/.test(line)) {
      i++;
      continue;
    }
    const match = /^(\s*)([A-Za-z]+)(\s+|$)/.exec(line);
    if (!match) {
      problems.push({
        file,
        line: i + 1,
        column: 1,
        message: `expected a Dockerfile instruction, found "${line.trim().slice(0, 40)}"`,
      });
      i++;
      continue;
    }
    const keyword = match[2]!.toUpperCase();
    const instruction: DockerInstruction = {
      keyword,
      line: i + 1,
      argsStart: lineStarts[i]! + match[0].length,
      argsEnd: 0,
      heredocs: [],
    };
    let last = i;
    while (continues(lines[last]!) && last + 1 < lines.length) {
      last++;
      // Docker drops comment lines and empty lines inside a continued instruction.
      while (
        last < lines.length &&
        /^\s*(#.*)?\r?$/.test(lines[last]!) &&
        last + 1 < lines.length
      ) {
        blank(last);
        last++;
      }
    }
    instruction.argsEnd = lineStarts[last]! + lines[last]!.replace(/\r$/, '').length;
    const header = source.slice(instruction.argsStart, instruction.argsEnd);
    i = last + 1;
    // Heredocs (BuildKit): bodies follow the instruction, each ended by its delimiter line.
    const heredocs = [...header.matchAll(HEREDOC)];
    for (const heredoc of heredocs) {
      const strip = heredoc[1] === '-';
      const delimiter = heredoc[3]!;
      const start = i < lines.length ? lineStarts[i]! : source.length;
      while (
        i < lines.length &&
        (strip ? lines[i]!.replace(/^\t+/, '') : lines[i]!).replace(/\r$/, '') !== delimiter
      )
        i++;
      const end = i < lines.length ? lineStarts[i]! : source.length;
      const command = header.slice(0, heredoc.index).trim();
      instruction.heredocs.push({ start, end, command });
      i++;
    }
    instructions.push(instruction);
  }
  return { text: chars.join(''), instructions, problems };
}

export interface DockerfileResult {
  declarations: Declaration[];
  problems: ManifestProblem[];
}

export function dockerfileDeclarations(file: string, source: string): DockerfileResult {
  const parsed = parseDockerfile(file, source);
  const index = new LineIndex(source);
  const declarations: Declaration[] = [];
  const globalArgs = new Map<string, string>();
  const stages = new Set<string>();
  let seenFrom = false;
  const locate = (offset: number) => index.position(offset);

  for (const instruction of parsed.instructions) {
    const args = parsed.text.slice(instruction.argsStart, instruction.argsEnd);
    if (instruction.keyword === 'ARG' && !seenFrom) {
      for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("[^"]*"|'[^']*'|\S*))?/g)) {
        const value = match[2]?.replace(/^["']|["']$/g, '');
        if (value !== undefined) globalArgs.set(match[1]!, value);
      }
      continue;
    }
    if (instruction.keyword === 'FROM') {
      seenFrom = true;
      const declaration = fromInstruction(
        file,
        args,
        instruction.argsStart,
        globalArgs,
        stages,
        locate,
      );
      if (declaration) declarations.push(declaration);
      continue;
    }
    if (instruction.keyword !== 'RUN') continue;
    const context = { file, source: 'dockerfile' as const, locate };
    const shellHeredocs = instruction.heredocs.filter(
      (h) =>
        h.command.replace(/^(--\S+\s+)*/, '') === '' ||
        /^(\S*\/)?(ba|da|z)?sh(\s|$)/.test(h.command.replace(/^(--\S+\s+)*/, '')),
    );
    for (const heredoc of shellHeredocs) {
      const text = source.slice(heredoc.start, heredoc.end);
      declarations.push(
        ...declareInstalls(findInstallCommands({ text, map: (o) => heredoc.start + o }), context),
      );
    }
    // The RUN line itself (minus flags such as --mount=...), in exec (JSON) or shell form.
    const flags = /^(\s*--\S+)*\s*/.exec(args)![0].length;
    const body = args.slice(flags);
    const start = instruction.argsStart + flags;
    const words = body.trimStart().startsWith('[')
      ? execFormWords(body, start, parsed.text)
      : undefined;
    if (words) {
      declarations.push(
        ...declareInstalls(installsFromWords(words, { text: parsed.text, map: (o) => o }), context),
      );
    } else {
      const text = instruction.heredocs.length
        ? body.replace(HEREDOC, (m) => ' '.repeat(m.length))
        : body;
      declarations.push(
        ...declareInstalls(findInstallCommands({ text, map: (o) => start + o }), context),
      );
    }
  }
  return { declarations, problems: parsed.problems };
}

function fromInstruction(
  file: string,
  args: string,
  argsStart: number,
  globalArgs: Map<string, string>,
  stages: Set<string>,
  locate: (offset: number) => { line: number; column: number },
): Declaration | undefined {
  const tokens = [...args.matchAll(/\S+/g)];
  const imageToken = tokens.find((t) => !t[0].startsWith('--'));
  if (!imageToken) return undefined;
  const asIndex = tokens.findIndex((t) => t[0].toLowerCase() === 'as');
  const stageName = asIndex > 0 ? tokens[asIndex + 1]?.[0] : undefined;
  const raw = imageToken[0];
  const image = substituteArgs(raw, globalArgs);
  try {
    if (image.toLowerCase() === 'scratch' || stages.has(image.toLowerCase())) return undefined;
    const at = locate(argsStart + imageToken.index!);
    const declaration = base(
      image,
      { file, line: at.line, column: at.column, source: 'dockerfile' },
      'docker',
    );
    const ref = parseImageReference(image);
    declaration.name = ref.name;
    declaration.normalizedName = ref.name.toLowerCase();
    const digest = ref.digest ?? ref.invalidDigest;
    declaration.specifier = `${ref.tag ? `:${ref.tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`;
    if (ref.digest || (ref.invalidDigest !== undefined && /^sha\d+:\$/.test(ref.invalidDigest))) {
      // A digest that comes from a build argument still pins the image.
      declaration.pinned = true;
      declaration.hashed = true;
      if (ref.digest) declaration.version = ref.digest;
      return declaration;
    }
    const shown = raw === image ? image : `${raw} (= ${image})`;
    if (ref.invalidDigest !== undefined && !image.includes('$')) {
      declaration.why = `@${ref.invalidDigest} in ${shown} is not a valid digest`;
    } else if (image.includes('$')) {
      declaration.strictOnly = true;
      declaration.why = `image ${raw} comes from a build argument without a default, and has no digest`;
    } else if (!ref.tag) {
      declaration.why = `base image ${shown} has no tag (implicitly :latest)`;
    } else if (/^latest\b/i.test(ref.tag)) {
      declaration.why = `base image ${shown} uses the moving tag :${ref.tag}`;
    } else {
      declaration.strictOnly = true;
      declaration.why = `base image ${shown} is pinned by tag only (a tag can be re-pushed; no @sha256 digest)`;
    }
    declaration.suggestion = `pin the digest: FROM ${ref.name}:${ref.tag && !/^latest/i.test(ref.tag) ? ref.tag : '<version>'}@sha256:<digest> (\`docker buildx imagetools inspect\` prints it)`;
    return declaration;
  } finally {
    if (stageName) stages.add(stageName.toLowerCase());
  }
}

/** Replace `$VAR`, `${VAR}` and `${VAR:-default}` with global ARG defaults; unknown ones stay. */
export function substituteArgs(text: string, args: Map<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced, op, word, bare) => {
      const name = (braced ?? bare) as string;
      const value = args.get(name);
      if (op === '-') return value !== undefined && value !== '' ? value : (word as string);
      if (op === '+') return value !== undefined && value !== '' ? (word as string) : '';
      return value !== undefined ? value : whole;
    },
  );
}

/** Words of an exec-form `["pip", "install", "x"]`, located in the file; undefined if not JSON. */
function execFormWords(body: string, start: number, text: string): Word[] | undefined {
  let values: unknown;
  try {
    values = JSON.parse(body.replace(/\\\s*\n/g, ' '));
  } catch {
    return undefined;
  }
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) return undefined;
  const words: Word[] = [];
  let at = start;
  for (const value of values as string[]) {
    const literal = JSON.stringify(value);
    const found = text.indexOf(literal, at);
    const wordStart = found >= 0 ? found : at;
    const end = found >= 0 ? found + literal.length : at;
    words.push({ value, start: wordStart, end, expansion: false });
    at = end;
  }
  return words;
}
