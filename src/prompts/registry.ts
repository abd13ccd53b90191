import { ClipEvalError } from '../core/errors.js';
import emoji from './templates/emoji.json' with { type: 'json' };
import emojiCandidates from './templates/emoji-candidates.json' with { type: 'json' };
import emojiText from './templates/emoji-text.json' with { type: 'json' };
import fairface from './templates/fairface.json' with { type: 'json' };
import imagenet from './templates/imagenet.json' with { type: 'json' };
import imagenet7 from './templates/imagenet-7.json' with { type: 'json' };
import mnistTemplates from './templates/mnist.json' with { type: 'json' };
import svhnTemplates from './templates/svhn.json' with { type: 'json' };
import renderedSst2Templates from './templates/rendered-sst2.json' with { type: 'json' };
import cifarTemplates from './templates/cifar.json' with { type: 'json' };
import photoATheTemplates from './templates/photo-a-the.json' with { type: 'json' };
import flowers102Templates from './templates/flowers102.json' with { type: 'json' };
import petsTemplates from './templates/pets.json' with { type: 'json' };
import food101Templates from './templates/food101.json' with { type: 'json' };
import carsTemplates from './templates/cars.json' with { type: 'json' };
import aircraftTemplates from './templates/aircraft.json' with { type: 'json' };
import dtdTemplates from './templates/dtd.json' with { type: 'json' };
import gtsrbTemplates from './templates/gtsrb.json' with { type: 'json' };
import eurosatTemplates from './templates/eurosat.json' with { type: 'json' };
import country211Templates from './templates/country211.json' with { type: 'json' };
import fer2013Templates from './templates/fer2013.json' with { type: 'json' };
import caltech101Templates from './templates/caltech101.json' with { type: 'json' };

/**
 * Named template sets. Each is data: a JSON array of templates with one `{}` placeholder, in
 * src/prompts/templates/<name>.json, with its source noted in src/prompts/templates/SOURCES.md.
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
