import type { Matrix } from '../../core/tensor.js';
import { embedTexts } from '../../features/text-features.js';
import type { Runtime } from '../../features/runtime.js';
import { buildClassifier, type EnsembleMode } from '../../prompts/ensemble.js';
import { renderSynonymPrompts } from '../../prompts/render.js';

/**
 * The zero-shot classifier of a dataset: prompts -> text embeddings (cached) -> ensembled unit rows. Each
 * class is prompted with each of its names (one name per class unless `synonyms` gives several).
 */
export async function buildZeroShotClassifier(runtime: Runtime, names: readonly (readonly string[])[], templates: readonly string[], ensemble: EnsembleMode): Promise<Matrix> {
  const { prompts, counts } = renderSynonymPrompts(templates, names);
  return buildClassifier(await embedTexts(runtime, prompts), counts, ensemble);
}

/** The classifier from each class's own prompts (a CuPL-style file): each class ensembles its own list. */
export async function buildClassPromptClassifier(runtime: Runtime, prompts: readonly (readonly string[])[], ensemble: EnsembleMode): Promise<Matrix> {
  return buildClassifier(await embedTexts(runtime, prompts.flat()), prompts.map((p) => p.length), ensemble);
}
