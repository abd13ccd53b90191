import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../src/core/errors.js';
import type { Sample } from '../../src/core/sample.js';
import { DATASETS, datasetNames, getDataset, type DatasetName } from '../../src/datasets/registry.js';
import type { OpenedDataset } from '../../src/datasets/types.js';
import { isTemplateSetName, TEMPLATE_SETS } from '../../src/prompts/registry.js';
import { datasetFixture } from '../helpers/datasets.js';
import type { AdapterContract } from './adapter-contract.js';

/**
 * One contract over every registered adapter: each declares its fixture and what opening it gives in
 * src/datasets/adapters/<name>/contract.ts, and this file checks them all the same way. What is particular to
 * an adapter (format quirks, protocols, split variants) is tested in that folder's <name>.test.ts.
 */
const ADAPTERS = fileURLToPath(new URL('../../src/datasets/adapters/', import.meta.url));

async function loadContract(name: string): Promise<AdapterContract | undefined> {
  const file = join(ADAPTERS, name, 'contract.ts');
  if (!existsSync(file)) return undefined;
  return ((await import(pathToFileURL(file).href)) as { contract: AdapterContract }).contract;
}

const names = datasetNames();
const contracts = new Map(await Promise.all(names.map(async (name) => [name, await loadContract(name)] as const)));
const tmp = await mkdtemp(join(tmpdir(), 'clip-eval-contract-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function collect(dataset: OpenedDataset): Promise<Sample[]> {
  const out: Sample[] = [];
  for await (const sample of dataset.samples()) out.push(sample);
  return out;
}

describe('the adapter registry', () => {
  it('has one folder per entry, named as the entry, and an entry per folder', () => {
    const folders = readdirSync(ADAPTERS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect([...folders].sort()).toEqual([...names].sort());
    for (const name of names) expect(existsSync(join(ADAPTERS, name, 'index.ts')), `src/datasets/adapters/${name}/index.ts`).toBe(true);
  });
});

describe.each(names)('%s adapter contract', (name: DatasetName) => {
  const adapter = getDataset(name);
  const contract = contracts.get(name);
  const folder = join(ADAPTERS, name);
  let opened: Promise<{ dataset: OpenedDataset; samples: Sample[] }> | undefined;
  const open = (): Promise<{ dataset: OpenedDataset; samples: Sample[] }> => {
    if (contract === undefined) throw new Error(`src/datasets/adapters/${name}/contract.ts declares no contract`);
    opened ??= (async () => {
      const root = typeof contract.fixture === 'string' ? datasetFixture(contract.fixture) : await contract.fixture(await mkdtemp(join(tmp, `${name}-`)));
      const dataset = await adapter.open(root, { split: contract.split ?? adapter.defaultSplit });
      return { dataset, samples: await collect(dataset) };
    })();
    return opened;
  };

  it('declares its contract fixture', () => {
    expect(contract, `src/datasets/adapters/${name}/contract.ts`).toBeDefined();
  });

  it('describes itself: its own name, a default split among its splits, a layout, a source, a registered template set', () => {
    expect(adapter).toBe(DATASETS[name]);
    expect(adapter.name).toBe(name);
    expect(adapter.splits).toContain(adapter.defaultSplit);
    expect(adapter.layout).toMatch(/<root>/);
    expect(adapter.source.length).toBeGreaterThan(10);
    expect(isTemplateSetName(adapter.templates)).toBe(true);
    if (contract?.paper !== undefined) {
      expect(adapter.metric).toBe(contract.paper.metric);
      expect(adapter.classCount).toBe(contract.paper.classes);
    }
  });

  it("registers its folder's own templates.json under its name, and documents its data files in SOURCES.md", () => {
    const own = join(folder, 'templates.json');
    if (existsSync(own)) {
      expect(adapter.templates).toBe(name);
      expect(TEMPLATE_SETS[name as keyof typeof TEMPLATE_SETS]).toEqual(JSON.parse(readFileSync(own, 'utf8')));
    }
    const sources = readFileSync(join(folder, 'SOURCES.md'), 'utf8');
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) expect(sources, `SOURCES.md names ${file}`).toContain(`| ${file} |`);
  });

  it('opens its fixture: class count, announced size, first sample, labels in range, unique ids', async () => {
    const { dataset, samples } = await open();
    expect(dataset.name).toBe(name);
    expect(dataset.split).toBe(contract!.split ?? adapter.defaultSplit);
    const classes = (dataset.labels?.names ?? dataset.classnames).length;
    expect(classes).toBe(contract!.classes ?? adapter.classCount);
    if (dataset.labels !== undefined) expect(dataset.labels.classToLabel).toHaveLength(dataset.classnames.length);
    expect(dataset.size).toBe(contract!.size);
    expect(samples).toHaveLength(contract!.samples);
    expect({ id: samples[0]?.id, label: samples[0]?.label }).toEqual(contract!.first);
    for (const sample of samples) {
      expect(Number.isInteger(sample.label) && sample.label >= 0 && sample.label < classes, `label ${sample.label} of ${sample.id}`).toBe(true);
    }
    expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
  });

  it('yields the same samples on a second pass, and reports the same skips, with why', async () => {
    const { dataset, samples } = await open();
    expect(dataset.skipped()).toEqual(contract!.skipped);
    expect(await collect(dataset)).toEqual(samples);
    expect(dataset.skipped()).toEqual(contract!.skipped);
  });

  it('a wrong root is a one-line ClipEvalError naming what it expected where', async () => {
    const error = await adapter.open(datasetFixture(contract!.wrongRoot.fixture), { split: contract!.split ?? adapter.defaultSplit }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ClipEvalError);
    const message = (error as ClipEvalError).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(contract!.wrongRoot.error);
  });
});
