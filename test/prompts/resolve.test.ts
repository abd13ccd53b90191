import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTemplateSet } from '../../src/prompts/registry.js';
import { resolveTemplates } from '../../src/prompts/resolve.js';

describe('resolveTemplates', () => {
  it('resolves the dataset default, a set name and a file', async () => {
    expect((await resolveTemplates('default', 'imagenet')).templates).toEqual(getTemplateSet('imagenet'));
    expect(await resolveTemplates('single', 'imagenet')).toEqual({ name: 'single', templates: ['a photo of a {}.'] });
    const file = join(mkdtempSync(join(tmpdir(), 'tpl-')), 'mine.txt');
    writeFileSync(file, 'a {} in the wild.\nart of the {}.\n');
    expect((await resolveTemplates(file, 'imagenet')).templates).toEqual(['a {} in the wild.', 'art of the {}.']);
  });

  it('picks the K-th template of a set with SET@K, the default set included', async () => {
    const imagenet = getTemplateSet('imagenet');
    expect(await resolveTemplates('imagenet@3', 'single')).toEqual({ name: 'imagenet@3', templates: [imagenet[2]] });
    expect(await resolveTemplates('default@1', 'imagenet')).toEqual({ name: 'imagenet@1', templates: [imagenet[0]] });
    await expect(resolveTemplates(`imagenet@${imagenet.length + 1}`, 'single')).rejects.toThrow(/has 80 templates, so @81 is out of range/);
    await expect(resolveTemplates('nosuchset@1', 'single')).rejects.toThrow(/nosuchset/);
  });
});
