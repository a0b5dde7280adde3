// GitHub Action entry (dist/index.js): everything happens in main(), which never rejects on
// its own; the catch is the last guard so that no failure can end the step as a pass.
import { setFailed } from '@actions/core';
import { main } from './action/main.js';
import { run } from './run.js';

main({ run }).catch((error: unknown) => {
  setFailed(
    `handoff-gate failed to run: ${error instanceof Error ? error.message : String(error)}`,
  );
});
