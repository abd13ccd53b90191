import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classPromptLists, readClassPromptFile } from '../../src/prompts/class-prompts.js';
import { resolvePrompts, resolveTemplates } from '../../src/prompts/resolve.js';

const dir = mkdtempSync(join(tmpdir(), 'cupl-'));
function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('class-prompt files (CuPL style)', () => {
  const good = file('good.json', { cat: ['a cat.', 'a small cat.'], dog: ['a dog.'] });

  it('reads a JSON object of class -> prompts and orders the lists by class', async () => {
    const prompts = await readClassPromptFile(good);
    expect(classPromptLists(prompts!, ['dog', 'cat'], good)).toEqual([['a dog.'], ['a cat.', 'a small cat.']]);
    expect(await readClassPromptFile(file('list.json', ['a {}.']))).toBeUndefined();
    expect(await readClassPromptFile(join(dir, 'missing.json'))).toBeUndefined();
    const resolved = await resolvePrompts(good, 'imagenet');
    expect(resolved.kind).toBe('class-prompts');
    expect((await resolvePrompts('single', 'imagenet')).kind).toBe('templates');
  });

  it('names the file and the problem in one line', async () => {
    await expect(readClassPromptFile(file('empty.json', { cat: [] }))).rejects.toThrow(/^class-prompt file .*empty\.json: class "cat": empty list of prompts/);
    await expect(readClassPromptFile(file('num.json', { cat: ['a cat.', 3] }))).rejects.toThrow(/num\.json: class "cat": prompt 2 is 3, not a string/);
    await expect(readClassPromptFile(file('str.json', { cat: 'a cat.' }))).rejects.toThrow(/str\.json: class "cat": expected a list of prompts/);
    await expect(readClassPromptFile(file('bad.json', '{ "cat": ['))).rejects.toThrow(/bad\.json: invalid JSON/);
    const prompts = (await readClassPromptFile(good))!;
    expect(() => classPromptLists(prompts, ['cat', 'dog', 'bird', 'fish'], good)).toThrow(/good\.json: no prompts for 2 of the dataset's 4 classes: "bird", "fish"$/);
    expect(() => classPromptLists(prompts, ['cat'], good)).toThrow(/good\.json: 1 names are not classes of the dataset \(a typo\?\): "dog"$/);
    const many = Array.from({ length: 7 }, (_, i) => `class${i}`);
    expect(() => classPromptLists(prompts, ['cat', 'dog', ...many], good)).toThrow(/no prompts for 7 .*"class4" and 2 more$/);
  });

  it('template comparison refuses a class-prompt file', async () => {
    await expect(resolveTemplates(good, 'imagenet')).rejects.toThrow(/is a class-specific prompt file .* needs templates with \{\} shared by every class/);
  });
});

describe('template files that start with {}', () => {
  it('stay template files', async () => {
    expect(await readClassPromptFile(file('one.txt', '{}\n'))).toBeUndefined();
    expect(await readClassPromptFile(file('two.txt', '{} in the wild.\nart of the {}.\n'))).toBeUndefined();
    expect((await resolveTemplates(join(dir, 'one.txt'), 'imagenet')).templates).toEqual(['{}']);
  });
});
