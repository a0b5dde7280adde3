// Kept in step with package.json by a test, so SARIF and summaries name the real version.
export const VERSION = '0.1.0';
export const REPOSITORY_URL = 'https://github.com/handoff-gate/handoff-gate';
