import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetNames, getDataset } from '../../src/datasets/registry.js';
import { runCli } from '../helpers/cli.js';
import { LOCAL_FIXTURES } from '../helpers/shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-adapters-'));
const TOY = join(LOCAL_FIXTURES, 'models', 'combined');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Every adapter with a fixture in its real on-disk format runs end to end through `clip-eval zeroshot`.
const withFixture = datasetNames().filter((name) => existsSync(join(LOCAL_FIXTURES, 'datasets', name)));

describe('clip-eval zeroshot on every dataset fixture', () => {
  it('has a fixture for every paper adapter', () => {
    expect(withFixture.length).toBeGreaterThanOrEqual(28);
  });

  it.each(withFixture)('%s', async (name) => {
    const out = join(tmp, name);
    const run = await runCli(['zeroshot', '--model', TOY, '--dataset', name, '--data', join(LOCAL_FIXTURES, 'datasets', name), '--out', out, '--cache-dir', join(tmp, 'cache')]);
    expect(run.code, run.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.n).toBeGreaterThan(0);
    expect(metrics.dataset).toBe(name);
    expect(metrics.paper_metric.name).toBe(getDataset(name).metric);
    expect(metrics.templates.name).toBe(getDataset(name).templates);
    const lines = readFileSync(join(out, 'predictions.csv'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(metrics.n + 1);
  });
});
