import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Sample } from '../../src/core/sample.js';
import { datasetFixture } from './datasets.js';

/** What tools/make-dataset-fixtures/_common.py's golden() records for a 'pixels' sample (the reference's HWC array). */
export interface Golden {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly sha256: string;
  readonly pixels: readonly { readonly y: number; readonly x: number; readonly value: readonly number[] }[];
}

/** test/fixtures/datasets/<name>/expected.json. */
export function readExpected<T>(name: string): T {
  return JSON.parse(readFileSync(`${datasetFixture(name)}/expected.json`, 'utf8')) as T;
}

/** The sample's pixels equal the reference's, value for value (spelled-out pixels first, for readable failures). */
export function expectGolden(sample: Sample | undefined, golden: Golden): void {
  const source = sample?.source;
  if (source?.kind !== 'pixels') throw new Error(`expected a 'pixels' sample, got ${source?.kind}`);
  expect([source.width, source.height, source.channels]).toEqual([golden.width, golden.height, golden.channels]);
  for (const { y, x, value } of golden.pixels) {
    const at = (y * source.width + x) * source.channels;
    expect([...source.data.subarray(at, at + source.channels)], `pixel (${y}, ${x})`).toEqual(value);
  }
  expect(createHash('sha256').update(source.data).digest('hex')).toBe(golden.sha256);
}

/** Each class name is one of the published aliases of its label (label_spaces.json), ignoring case. */
export function expectNamesMatch(classnames: readonly string[], space: readonly (readonly string[])[]): void {
  expect(classnames).toHaveLength(space.length);
  classnames.forEach((name, i) => {
    expect(space[i]!.map((alias) => alias.toLowerCase()), `class ${i}`).toContain(name.toLowerCase());
  });
}
