import { describe, expect, it } from 'vitest';
import { COMPOSITION_BENCHMARKS } from '../../src/datasets/compositionality/registry.js';
import { datasetNames } from '../../src/datasets/registry.js';
import { retrievalDatasetNames } from '../../src/datasets/retrieval/registry.js';
import { runCli } from '../helpers/cli.js';

describe('clip-eval datasets', () => {
  it('lists classification, captioned and compositionality adapters, each under its command', async () => {
    const { code, stdout } = await runCli(['datasets']);
    expect(code).toBe(0);
    const captioned = stdout.indexOf('Captioned datasets (clip-eval retrieval --dataset NAME)');
    const composition = stdout.indexOf('Compositionality benchmarks (clip-eval compositionality --dataset NAME)');
    expect(captioned).toBeGreaterThan(stdout.indexOf('emoji-shift — '));
    expect(composition).toBeGreaterThan(captioned);
    expect(stdout.slice(captioned, composition)).toMatch(/^csv — CSV caption manifest\n {2}layout: +a CSV file with a header `image,caption`/m);
    expect(stdout.slice(composition)).toMatch(/^sugar_crepe — SugarCrepe$/m);
  });

  it('gives every adapter a JSON row with the task that reads it', async () => {
    const { code, stdout } = await runCli(['datasets', '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { task: string; name: string; layout: string }[];
    const names = (task: string) => rows.filter((r) => r.task === task).map((r) => r.name);
    expect(names('classification')).toEqual(datasetNames());
    expect(names('retrieval')).toEqual(retrievalDatasetNames());
    expect(names('compositionality')).toEqual(Object.keys(COMPOSITION_BENCHMARKS));
    expect(rows.every((r) => r.layout.length > 0)).toBe(true);
  });
});
