import { ClipEvalError } from '../../core/errors.js';
import { aroVgAttribution, aroVgRelation } from './aro/index.js';
import { aroCocoOrder, aroFlickrOrder } from './aro/order.js';
import { sugarCrepe } from './sugar-crepe/index.js';
import type { CompositionBenchmark } from './types.js';
import { winoground } from './winoground/index.js';

/** Every compositionality benchmark, keyed by the name `--dataset` takes. */
export const COMPOSITION_BENCHMARKS = {
  sugar_crepe: sugarCrepe,
  winoground,
  aro_vg_relation: aroVgRelation,
  aro_vg_attribution: aroVgAttribution,
  aro_coco_order: aroCocoOrder,
  aro_flickr30k_order: aroFlickrOrder,
} as const satisfies Record<string, CompositionBenchmark>;

export type CompositionBenchmarkName = keyof typeof COMPOSITION_BENCHMARKS;

export function getCompositionBenchmark(name: string): CompositionBenchmark {
  if (!Object.hasOwn(COMPOSITION_BENCHMARKS, name)) {
    throw new ClipEvalError('USAGE', `--dataset ${name}: not a compositionality benchmark (known: ${Object.keys(COMPOSITION_BENCHMARKS).join(', ')})`);
  }
  return COMPOSITION_BENCHMARKS[name as CompositionBenchmarkName];
}
