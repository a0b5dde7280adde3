// A one-line progress indicator on an interactive terminal; silent in CI and pipes.
export type Progress = (done: number, total: number, ruleId: string) => void;

export function terminalProgress(stream: NodeJS.WriteStream): {
  update: Progress;
  clear: () => void;
} {
  const enabled = Boolean(stream.isTTY) && !process.env.CI;
  let shown = false;
  return {
    update(done, total, ruleId) {
      if (!enabled) return;
      const label = ruleId ? `checking ${ruleId}` : 'reporting';
      stream.write(`\r\x1b[2K[${done}/${total}] ${label}…`);
      shown = true;
    },
    clear() {
      if (enabled && shown) stream.write('\r\x1b[2K');
    },
  };
}
