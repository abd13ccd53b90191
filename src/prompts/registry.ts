import { ClipEvalError } from '../core/errors.js';
// Sets shared by several datasets (or by none): src/prompts/templates/<name>.json, sources in its SOURCES.md.
import emoji from './templates/emoji.json' with { type: 'json' };
import emojiCandidates from './templates/emoji-candidates.json' with { type: 'json' };
import emojiText from './templates/emoji-text.json' with { type: 'json' };
import imagenet from './templates/imagenet.json' with { type: 'json' };
import imagenet7 from './templates/imagenet-7.json' with { type: 'json' };
import cifarTemplates from './templates/cifar.json' with { type: 'json' };
import photoATheTemplates from './templates/photo-a-the.json' with { type: 'json' };
// A dataset's own set lives in its adapter folder (src/datasets/adapters/<name>/templates.json, sources in the
// folder's SOURCES.md) and is registered under the adapter's name.
import fairface from '../datasets/adapters/fairface/templates.json' with { type: 'json' };
import mnistTemplates from '../datasets/adapters/mnist/templates.json' with { type: 'json' };
import svhnTemplates from '../datasets/adapters/svhn/templates.json' with { type: 'json' };
import renderedSst2Templates from '../datasets/adapters/rendered-sst2/templates.json' with { type: 'json' };
import flowers102Templates from '../datasets/adapters/flowers102/templates.json' with { type: 'json' };
import petsTemplates from '../datasets/adapters/pets/templates.json' with { type: 'json' };
import food101Templates from '../datasets/adapters/food101/templates.json' with { type: 'json' };
import carsTemplates from '../datasets/adapters/cars/templates.json' with { type: 'json' };
import aircraftTemplates from '../datasets/adapters/aircraft/templates.json' with { type: 'json' };
import dtdTemplates from '../datasets/adapters/dtd/templates.json' with { type: 'json' };
import gtsrbTemplates from '../datasets/adapters/gtsrb/templates.json' with { type: 'json' };
import eurosatTemplates from '../datasets/adapters/eurosat/templates.json' with { type: 'json' };
import country211Templates from '../datasets/adapters/country211/templates.json' with { type: 'json' };
import fer2013Templates from '../datasets/adapters/fer2013/templates.json' with { type: 'json' };
import caltech101Templates from '../datasets/adapters/caltech101/templates.json' with { type: 'json' };

/**
 * Named template sets. Each is data: a JSON array of templates with one `{}` placeholder. The names are a
 * closed union (`TemplateSetName`): an adapter's `templates` naming a set that is not here fails to compile.
 */
export const TEMPLATE_SETS = {
  single: ['a photo of a {}.'],
  identity: ['{}'],
  emoji,
  'emoji-candidates': emojiCandidates,
  'emoji-text': emojiText,
  imagenet,
  'imagenet-7': imagenet7,
  fairface,
  mnist: mnistTemplates,
  svhn: svhnTemplates,
  'rendered-sst2': renderedSst2Templates,
  cifar: cifarTemplates,
  'photo-a-the': photoATheTemplates,
  flowers102: flowers102Templates,
  pets: petsTemplates,
  food101: food101Templates,
  cars: carsTemplates,
  aircraft: aircraftTemplates,
  dtd: dtdTemplates,
  gtsrb: gtsrbTemplates,
  eurosat: eurosatTemplates,
  country211: country211Templates,
  fer2013: fer2013Templates,
  caltech101: caltech101Templates,
} as const satisfies Record<string, readonly string[]>;

export type TemplateSetName = keyof typeof TEMPLATE_SETS;

export function templateSetNames(): TemplateSetName[] {
  return Object.keys(TEMPLATE_SETS) as TemplateSetName[];
}

export function isTemplateSetName(name: string): name is TemplateSetName {
  return Object.hasOwn(TEMPLATE_SETS, name);
}

export function getTemplateSet(name: string): readonly string[] {
  if (!isTemplateSetName(name)) {
    throw new ClipEvalError('PROMPTS', `unknown template set '${name}' (known: ${templateSetNames().join(', ')}; or pass a file: a JSON array or one template per line with {})`);
  }
  return TEMPLATE_SETS[name];
}
