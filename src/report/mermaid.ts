// A finding's `data.chain` (serving module → … → training code) as a small Mermaid flowchart,
// which GitHub renders in comments and job summaries.
import { clip } from './common.js';

/** Longer chains keep their ends and say how many steps were folded away. */
const MAX_NODES = 12;
const KEEP_HEAD = 6;
const KEEP_TAIL = 5;
const MAX_LABEL = 80;

/** The chain, if the finding carries a usable one (two or more non-empty strings). */
export function findingChain(data: Record<string, unknown> | undefined): string[] | undefined {
  const chain = data?.chain;
  if (!Array.isArray(chain) || chain.length < 2) return undefined;
  if (!chain.every((step) => typeof step === 'string' && step !== '')) return undefined;
  return chain as string[];
}

export function mermaidChain(chain: readonly string[]): string {
  const labels =
    chain.length > MAX_NODES
      ? [
          ...chain.slice(0, KEEP_HEAD),
          `… ${chain.length - KEEP_HEAD - KEEP_TAIL} more …`,
          ...chain.slice(-KEEP_TAIL),
        ]
      : [...chain];
  const lines = ['```mermaid', 'flowchart LR'];
  labels.forEach((label, i) => {
    const node = `n${i}["${mermaidLabel(label)}"]`;
    lines.push(i === 0 ? `  ${node}` : `  n${i - 1} --> ${node}`);
  });
  lines.push('```');
  return lines.join('\n');
}

/** Mermaid's entity codes keep quotes, markup and fences from ending the label or the block. */
function mermaidLabel(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return clip(oneLine, MAX_LABEL).replace(/[#"<>`&]/g, (ch) => `#${ch.charCodeAt(0)};`);
}
