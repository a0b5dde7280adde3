// The action's logic as a `run()` export, the entry-point shape @github/local-action loads (it
// imports the module and calls `run`); src/index.ts is the bundle's entry that runs on import.
import { run as pipeline } from '../run.js';
import { main } from './main.js';

export async function run(): Promise<void> {
  await main({ run: pipeline });
}
