import { ClipEvalError } from '../core/errors.js';
import { COMPOSITIONALITY_FILES } from './compositionality/writer.js';
import { EMBED_FILES } from './embed/writer.js';
import { FAIRNESS_FILES } from './fairness/outputs.js';
import { LINEAR_PROBE_FILES } from './linear-probe/outputs.js';
import { RETRIEVAL_FILES } from './retrieval/writer.js';
import { ROBUSTNESS_FILES } from './robustness/outputs.js';
import { TEMPLATE_COMPARE_FILES } from './template-compare/writer.js';
import { ZEROSHOT_FILES } from './zeroshot/writer.js';

/** What `clip-eval tasks` lists: what a task scores, where its code is, which files its writer makes. */
export interface TaskInfo {
  readonly title: string;
  /** What the task takes: features from the feature stream, or other runs' outputs. */
  readonly input: 'image features' | 'image and text features' | 'results' | 'predictions';
  /** The CLI command that runs it. */
  readonly command: string;
  /** Its folder under src/tasks: the scoring function, its typed result and its writer. */
  readonly folder: string;
  readonly files: Readonly<Record<string, string>>;
}

/**
 * Every task, keyed by name (the `task` of metrics.json and results rows). A task is a function from
 * features (or results) and options to a typed result with no file I/O; its writer module writes the files,
 * and its report section (src/report/sections) reads the typed result.
 */
export const TASKS = {
  zeroshot: { title: 'Zero-shot classification with prompt ensembles', input: 'image and text features', command: 'zeroshot', folder: 'zeroshot', files: ZEROSHOT_FILES },
  embed: { title: 'Image features of a split, as .npy', input: 'image features', command: 'embed', folder: 'embed', files: EMBED_FILES },
  'template-compare': { title: 'Prompt templates and ensembles against a baseline template', input: 'image and text features', command: 'templates compare', folder: 'template-compare', files: TEMPLATE_COMPARE_FILES },
  'linear-probe': { title: 'Logistic-regression probe on frozen image features', input: 'image features', command: 'linear-probe', folder: 'linear-probe', files: LINEAR_PROBE_FILES },
  robustness: { title: 'Effective robustness against a trend of baseline models', input: 'results', command: 'robustness', folder: 'robustness', files: ROBUSTNESS_FILES },
  retrieval: { title: 'Zero-shot image-text retrieval (recall@k both ways)', input: 'image and text features', command: 'retrieval', folder: 'retrieval', files: RETRIEVAL_FILES },
  fairness: { title: 'Per-group accuracy, disparities and harmful-category rates', input: 'predictions', command: 'fairness', folder: 'fairness', files: FAIRNESS_FILES },
  compositionality: { title: 'Compositional image-text matching (SugarCrepe, Winoground, ARO)', input: 'image and text features', command: 'compositionality', folder: 'compositionality', files: COMPOSITIONALITY_FILES },
} as const satisfies Record<string, TaskInfo>;

export type TaskName = keyof typeof TASKS;

export function getTask(name: string): TaskInfo {
  if (!Object.hasOwn(TASKS, name)) throw new ClipEvalError('USAGE', `unknown task '${name}' (known: ${Object.keys(TASKS).join(', ')})`);
  return TASKS[name as TaskName];
}
