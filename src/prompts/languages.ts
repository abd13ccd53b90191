import { ClipEvalError, usageError } from '../core/errors.js';
import { IMAGENET_CLASSNAMES } from '../datasets/layouts/imagenet-classes/index.js';
// A dataset's class names and templates in another language live in its adapter folder
// (src/datasets/adapters/<name>/{classnames,templates}.<lang>.json, sources in the folder's SOURCES.md).
import imagenetJaClassnames from '../datasets/adapters/imagenet/classnames.ja.json' with { type: 'json' };
import imagenetJaTemplates from '../datasets/adapters/imagenet/templates.ja.json' with { type: 'json' };

/** English, the language of every dataset's own class names and templates: `--language en` changes nothing. */
export const DEFAULT_LANGUAGE = 'en';

interface LanguageSource {
  /** The ImageNet-1k class names in the language, index for index with the English ones. */
  readonly classnames: readonly string[];
  readonly templates: readonly string[];
}

/** ImageNet-1k in other languages: used by every adapter over the ImageNet label space. */
const IMAGENET_LANGUAGES = {
  ja: { classnames: imagenetJaClassnames, templates: imagenetJaTemplates },
} as const satisfies Record<string, LanguageSource>;

/** Languages other than English, per dataset (adapter name). */
export const DATASET_LANGUAGES = {
  imagenet: IMAGENET_LANGUAGES,
  'imagenet-v2': IMAGENET_LANGUAGES,
  'imagenet-sketch': IMAGENET_LANGUAGES,
  'imagenet-r': IMAGENET_LANGUAGES,
  'imagenet-a': IMAGENET_LANGUAGES,
  'imagenet-c': IMAGENET_LANGUAGES,
} as const satisfies Record<string, Record<string, LanguageSource>>;

export function datasetLanguages(dataset: string): string[] {
  const own = Object.hasOwn(DATASET_LANGUAGES, dataset) ? Object.keys(DATASET_LANGUAGES[dataset as keyof typeof DATASET_LANGUAGES]) : [];
  return [DEFAULT_LANGUAGE, ...own];
}

export interface LanguagePrompts {
  readonly language: string;
  /** The dataset's classes named in the language, in class order. */
  readonly classnames: readonly string[];
  /** The language's templates, which replace the dataset's default set. */
  readonly templates: { readonly name: string; readonly templates: readonly string[] };
}

/**
 * `--language`: the class names and templates of a dataset in that language; undefined for English (the
 * dataset's own). A language the dataset has no source for is a usage error listing the ones it has.
 */
export function resolveLanguage(language: string, dataset: string, classnames: readonly string[], defaultTemplates: string): LanguagePrompts | undefined {
  if (language === DEFAULT_LANGUAGE) return undefined;
  const languages = Object.hasOwn(DATASET_LANGUAGES, dataset) ? (DATASET_LANGUAGES[dataset as keyof typeof DATASET_LANGUAGES] as Record<string, LanguageSource>) : {};
  const source = Object.hasOwn(languages, language) ? languages[language] : undefined;
  if (source === undefined) {
    throw usageError(`--language ${language}: dataset '${dataset}' has class names and templates in ${datasetLanguages(dataset).join(', ')}`);
  }
  // The classes are ImageNet-1k classes in index order (all 1000 or a subset's sorted indices), so each name is
  // matched at or after the previous class's index: OpenAI's names repeat 'missile' (657; 744 is a projectile)
  // and 'sunglasses', and order tells the repeats apart (a subset holding 744 but not 657 would not be told).
  const missing: string[] = [];
  let next = 0;
  const names = classnames.map((c) => {
    let i = IMAGENET_CLASSNAMES.indexOf(c, next);
    if (i < 0) i = IMAGENET_CLASSNAMES.indexOf(c);
    if (i < 0) missing.push(c);
    else next = i + 1;
    return source.classnames[i] ?? c;
  });
  if (missing.length > 0) throw new ClipEvalError('PROMPTS', `--language ${language}: no translation of ${missing.length} class names of ${dataset} (${missing.slice(0, 5).join(', ')})`);
  return {
    language,
    classnames: names,
    templates: { name: `${defaultTemplates}.${language}`, templates: source.templates },
  };
}
