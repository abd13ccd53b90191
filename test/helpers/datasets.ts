import { existsSync, readFileSync } from 'node:fs';
import type { Sample } from '../../src/core/sample.js';
import type { OpenedDataset } from '../../src/datasets/types.js';
import { LOCAL_FIXTURES, SHARED } from './shared.js';

/** A committed dataset fixture: test/fixtures/datasets/<name> (made by tools/make-dataset-fixtures/). */
export function datasetFixture(name: string): string {
  return `${LOCAL_FIXTURES}datasets/${name}`;
}

/** Every sample of an opened dataset, in order. */
export async function collect(dataset: OpenedDataset): Promise<Sample[]> {
  const out: Sample[] = [];
  for await (const sample of dataset.samples()) out.push(sample);
  return out;
}

const LABEL_SPACES = `${SHARED}data/label_spaces.json`;
export const hasLabelSpaces = existsSync(LABEL_SPACES);

/** A public class-name list from ../shared/data/label_spaces.json (tests using it skip without it). */
export function labelSpace(name: string): string[][] {
  const spaces = JSON.parse(readFileSync(LABEL_SPACES, 'utf8')) as Record<string, string[][]>;
  const space = spaces[name];
  if (space === undefined) throw new Error(`label_spaces.json has no '${name}'`);
  return space;
}
