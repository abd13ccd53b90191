#!/usr/bin/env node
// The only place that sets the exit status; everything else lives in dist/cli/main.js.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
