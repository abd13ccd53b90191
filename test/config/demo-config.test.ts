import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG_FILE, loadDemoConfig } from '../../src/config/demo-config.js';

const dir = mkdtempSync(join(tmpdir(), 'demo-config-'));
const shipped = JSON.parse(readFileSync(DEMO_CONFIG_FILE, 'utf8')) as Record<string, unknown>;

async function load(config: Record<string, unknown>) {
  const file = join(dir, `demo-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(config));
  return loadDemoConfig(file);
}

describe('the demo config', () => {
  it('names the retrieval and compositionality splits in the shipped file', async () => {
    const config = await loadDemoConfig();
    expect(config.retrieval).toEqual({ split: 'retrieval', recallK: [1, 5, 10] });
    expect(config.compositionality).toEqual({ split: 'compositionality' });
  });

  it('leaves either task out when its section is absent', async () => {
    const { retrieval: _r, compositionality: _c, ...rest } = shipped;
    const config = await load(rest);
    expect(config.retrieval).toBeUndefined();
    expect(config.compositionality).toBeUndefined();
  });

  it('names the field and the file when a section is mistyped', async () => {
    await expect(load({ ...shipped, retrieval: { split: 'retrieval' } })).rejects.toThrow(/demo-.*\.json: 'retrieval\.recallK' must be a list of positive integers, found nothing/);
    await expect(load({ ...shipped, retrieval: { split: 'retrieval', recallK: [0] } })).rejects.toThrow(/'retrieval\.recallK' must be a list of positive integers, found \[0\]/);
    await expect(load({ ...shipped, compositionality: { split: 3 } })).rejects.toThrow(/'compositionality\.split' must be a non-empty string, found 3/);
  });
});
