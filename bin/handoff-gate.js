#!/usr/bin/env node
// `npx handoff-gate` from a checkout runs the committed bundle.
import '../dist/cli.js';
