import type { CliCommand } from '../command.js';
import { datasets } from './datasets.js';
import { demo } from './demo.js';
import { embed } from './embed.js';
import { embedText } from './embed-text.js';
import { inspect } from './inspect.js';
import { merge } from './merge.js';
import { linearProbe } from './linear-probe.js';
import { preprocess } from './preprocess.js';
import { tokenize } from './tokenize.js';
import { zeroshot } from './zeroshot.js';
import { robustness } from './robustness.js';
import { fairness } from './fairness.js';
import { templates } from './templates.js';
import { results } from './results.js';
import { retrieval } from './retrieval.js';
import { report } from './report.js';
import { tasks } from './tasks.js';
import { compositionality } from './compositionality.js';

/** Every CLI command, keyed by name; one file each under src/cli/commands/. */
export const COMMANDS = {
  demo,
  zeroshot,
  embed,
  inspect,
  tokenize,
  preprocess,
  'embed-text': embedText,
  datasets,
  tasks,
  merge,
  'linear-probe': linearProbe,
  retrieval,
  robustness,
  fairness,
  templates,
  results,
  report,
  compositionality,
} as const satisfies Record<string, CliCommand>;
