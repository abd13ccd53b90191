import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG_FILE, loadDemoConfig } from '../../src/config/demo-config.js';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';

const dir = mkdtempSync(join(tmpdir(), 'clip-eval-demo-config-'));
const shipped = JSON.parse(readFileSync(DEMO_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
let counter = 0;

/** The shipped config with `models`/`model` replaced, written to a file and loaded. */
async function load(change: Record<string, unknown>) {
  const { models: _models, ...rest } = shipped;
  const file = join(dir, `demo-${counter++}.json`);
  writeFileSync(file, JSON.stringify({ ...rest, ...change }));
  return { file, config: loadDemoConfig(file) };
}

describe('loadDemoConfig: models', () => {
  it('the shipped demo evaluates tiny-clip and tiny-siglip, in that order, with absolute folders', async () => {
    const config = await loadDemoConfig();
    expect(config.models).toEqual([
      { name: 'tiny-clip', path: join(PACKAGE_ROOT, 'models/tiny-clip') },
      { name: 'tiny-siglip', path: join(PACKAGE_ROOT, 'models/tiny-siglip') },
    ]);
  });

  it('names a model by its folder when no name is given, and keeps absolute paths', async () => {
    const { config } = await load({ models: [{ path: 'test/fixtures/models/siglip-tiny' }, { name: 'other.v2', path: '/abs/tiny-clip' }] });
    expect((await config).models).toEqual([
      { name: 'siglip-tiny', path: join(PACKAGE_ROOT, 'test/fixtures/models/siglip-tiny') },
      { name: 'other.v2', path: '/abs/tiny-clip' },
    ]);
  });

  it('still reads the older single `model` as a list of one', async () => {
    const { config } = await load({ model: 'models/tiny-clip' });
    expect((await config).models).toEqual([{ name: 'tiny-clip', path: join(PACKAGE_ROOT, 'models/tiny-clip') }]);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['both forms', { model: 'models/tiny-clip', models: [{ path: 'models/tiny-clip' }] }, /give 'models' \(a list of \{name\?, path\}\) or the older single 'model', not both/],
    ['neither form', {}, /'models' must be a non-empty list of \{name\?, path\}, found nothing/],
    ['an empty list', { models: [] }, /'models' must be a non-empty list/],
    ['a bare string entry', { models: ['models/tiny-clip'] }, /'models\.0' must be an object \{name\?, path\}, found "models\/tiny-clip"/],
    ['a missing path', { models: [{ path: 'models/tiny-clip' }, { name: 'x' }] }, /'models\.1\.path' must be a non-empty string \(a model folder\), found nothing/],
    ['a name that cannot name a folder', { models: [{ name: 'a/b', path: 'models/tiny-clip' }] }, /'models\.0\.name' must be letters, digits/],
    ['a mistyped old model', { model: 3 }, /'model' must be a non-empty string/],
    ['two models of one name', { models: [{ name: 'm', path: 'models/tiny-clip' }, { name: 'm', path: 'models/tiny-siglip' }] }, /'models\.1' has the name 'm' of 'models\.0'; give each model its own name/],
    ['two folders of one name', { models: [{ name: 'a', path: '/x/model' }, { name: 'b', path: '/y/model' }] }, /'models\.1' has the folder name 'model' of 'models\.0'; the linear-probe results are named by folder/],
  ];
  for (const [what, change, message] of bad) {
    it(`refuses ${what} with one line naming the file and the field`, async () => {
      const { file, config } = await load(change);
      const error = await config.then(() => null, (e: unknown) => e as Error);
      expect(error?.message).toMatch(message);
      expect(error?.message.startsWith(`${file}: `)).toBe(true);
      expect(error?.message).not.toContain('\n');
    });
  }
});

/** A whole config written to a file and loaded. */
async function loadWhole(config: Record<string, unknown>) {
  const file = join(dir, `demo-${counter++}.json`);
  writeFileSync(file, JSON.stringify(config));
  return loadDemoConfig(file);
}

describe('loadDemoConfig: retrieval and compositionality', () => {
  it('names the retrieval and compositionality splits in the shipped file', async () => {
    const config = await loadDemoConfig();
    expect(config.retrieval).toEqual({ split: 'retrieval', recallK: [1, 5, 10] });
    expect(config.compositionality).toEqual({ split: 'compositionality' });
  });

  it('leaves either task out when its section is absent', async () => {
    const { retrieval: _r, compositionality: _c, ...rest } = shipped;
    const config = await loadWhole(rest);
    expect(config.retrieval).toBeUndefined();
    expect(config.compositionality).toBeUndefined();
  });

  it('names the field and the file when a section is mistyped', async () => {
    await expect(loadWhole({ ...shipped, retrieval: { split: 'retrieval' } })).rejects.toThrow(/demo-.*\.json: 'retrieval\.recallK' must be a list of positive integers, found nothing/);
    await expect(loadWhole({ ...shipped, retrieval: { split: 'retrieval', recallK: [0] } })).rejects.toThrow(/'retrieval\.recallK' must be a list of positive integers, found \[0\]/);
    await expect(loadWhole({ ...shipped, compositionality: { split: 3 } })).rejects.toThrow(/'compositionality\.split' must be a non-empty string, found 3/);
  });
});
