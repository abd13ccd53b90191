import { describe, expect, it } from 'vitest';
import { IMAGENET_CLASSNAMES, imagenetNames } from '../../src/datasets/layouts/imagenet-classes/index.js';
import { checkTemplates } from '../../src/prompts/render.js';
import { datasetLanguages, resolveLanguage } from '../../src/prompts/languages.js';
import { resolveTemplates } from '../../src/prompts/resolve.js';

describe('--language', () => {
  it('English is the dataset itself', () => {
    expect(resolveLanguage('en', 'imagenet', IMAGENET_CLASSNAMES, 'imagenet')).toBeUndefined();
    expect(datasetLanguages('imagefolder')).toEqual(['en']);
    expect(datasetLanguages('imagenet')).toEqual(['en', 'ja']);
  });

  it('gives ImageNet names and templates in Japanese (CLIP_benchmark jp), subsets included', async () => {
    const ja = resolveLanguage('ja', 'imagenet', IMAGENET_CLASSNAMES, 'imagenet')!;
    expect(ja.classnames).toHaveLength(1000);
    expect(ja.classnames[0]).toBe('テンチ');
    expect(ja.classnames[1]).toBe('金魚');
    expect(ja.classnames[999]).toBe('トイレットペーパー');
    expect(ja.templates.name).toBe('imagenet.ja');
    expect(ja.templates.templates).toHaveLength(37);
    expect(ja.templates.templates[0]).toBe('{}の悪い写真');
    checkTemplates(ja.templates.templates, 'ja');
    expect(await resolveTemplates('default', ja.templates)).toBe(ja.templates);
    expect((await resolveTemplates('default@24', ja.templates)).templates).toEqual(['{}の写真']);
    expect((await resolveTemplates('single', ja.templates)).templates).toEqual(['a photo of a {}.']);
    const sub = resolveLanguage('ja', 'imagenet-r', imagenetNames([1, 999]), 'imagenet')!;
    expect(sub.classnames).toEqual(['金魚', 'トイレットペーパー']);
  });

  it('a language without a source is a usage error listing the ones the dataset has', () => {
    expect(() => resolveLanguage('fr', 'imagenet', IMAGENET_CLASSNAMES, 'imagenet')).toThrow("--language fr: dataset 'imagenet' has class names and templates in en, ja");
    expect(() => resolveLanguage('ja', 'imagefolder', ['cat'], 'single')).toThrow("--language ja: dataset 'imagefolder' has class names and templates in en");
    expect(() => resolveLanguage('ja', 'imagenet', ['not a class'], 'imagenet')).toThrow(/no translation of 1 class names/);
  });
});

describe('--language with repeated English names', () => {
  it('tells the two ImageNet "missile" classes apart by their order', () => {
    const ja = resolveLanguage('ja', 'imagenet', IMAGENET_CLASSNAMES, 'imagenet')!;
    expect([ja.classnames[657], ja.classnames[744]]).toEqual(['ミサイル', '発射体']);
    expect(resolveLanguage('ja', 'imagenet', imagenetNames([700, 744]), 'imagenet')!.classnames[1]).toBe('発射体');
  });
});
