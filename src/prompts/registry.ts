import { ClipEvalError } from '../core/errors.js';
import emoji from './templates/emoji.json' with { type: 'json' };
import emojiText from './templates/emoji-text.json' with { type: 'json' };
import fairface from './templates/fairface.json' with { type: 'json' };
import imagenet from './templates/imagenet.json' with { type: 'json' };
import imagenet7 from './templates/imagenet-7.json' with { type: 'json' };

/**
 * Named template sets. Each is data: a JSON array of templates with one `{}` placeholder, in
 * src/prompts/templates/<name>.json, with its source noted in src/prompts/templates/SOURCES.md.
 */
export const TEMPLATE_SETS = {
  single: ['a photo of a {}.'],
  identity: ['{}'],
  emoji,
  'emoji-text': emojiText,
  imagenet,
  'imagenet-7': imagenet7,
  fairface,
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
