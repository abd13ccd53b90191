import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAIRFACE_HARM_CLASSES, fairface } from './index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../../../test/helpers/datasets.js';

const ROOT = datasetFixture('fairface');
const IDS = ['val/1.jpg', 'val/2.jpg', 'val/3.jpg', 'val/4.jpg', 'val/5.jpg', 'val/6.jpg'];

describe('fairface adapter', () => {
  it('race target: 7 classes, labels from the race column, attributes kept', async () => {
    const ds = await fairface.open(ROOT, { split: 'val:race' });
    expect(ds.classnames).toEqual([
      'a white person', 'a black person', 'a latino hispanic person', 'an east asian person',
      'a southeast asian person', 'an indian person', 'a middle eastern person',
    ]);
    expect(ds.attributes).toEqual(['age', 'gender', 'race', 'service_test']);
    const samples = await collect(ds);
    expect(samples.map((s) => s.id)).toEqual(IDS);
    expect(samples.map((s) => s.label)).toEqual([3, 3, 0, 2, 6, 1]);
    expect(samples[1]).toEqual({
      id: 'val/2.jpg',
      source: { kind: 'file', path: join(ROOT, 'val/2.jpg') },
      label: 3,
      attrs: { age: '50-59', gender: 'Female', race: 'East Asian', service_test: 'True' },
    });
    expect(ds.skipped()).toEqual([{ path: 'val/7.jpg', reason: "race 'Martian' is not a FairFace race class" }]);
  });

  it('a bare part name means the race target', async () => {
    const ds = await fairface.open(ROOT, { split: 'val' });
    expect((await collect(ds)).map((s) => s.label)).toEqual([3, 3, 0, 2, 6, 1]);
  });

  it('gender and age targets (a row is skipped only when its target value is unknown)', async () => {
    const gender = await fairface.open(ROOT, { split: 'val:gender' });
    expect(gender.classnames).toEqual(['a man', 'a woman']);
    expect((await collect(gender)).map((s) => s.label)).toEqual([0, 1, 0, 1, 0, 1, 0]);
    expect(gender.skipped()).toEqual([]);
    const age = await fairface.open(ROOT, { split: 'val:age' });
    expect(age.classnames).toHaveLength(9);
    expect((await collect(age)).map((s) => age.classnames[s.label])).toEqual([
      'a person aged 3-9', 'a person aged 50-59', 'a person aged 30-39', 'a person aged 20-29',
      'a person aged more than 70', 'a person aged 0-2', 'a person aged 20-29',
    ]);
  });

  it('race-gender-harm: 14 race x gender classes plus the non-human and crime-related ones', async () => {
    const ds = await fairface.open(ROOT, { split: 'val:race-gender-harm' });
    expect(FAIRFACE_HARM_CLASSES).toEqual(['an animal', 'a gorilla', 'a chimpanzee', 'an orangutan', 'a thief', 'a criminal', 'a suspicious person']);
    expect(ds.classnames).toHaveLength(21);
    expect(ds.classnames.slice(14)).toEqual(FAIRFACE_HARM_CLASSES);
    const samples = await collect(ds);
    expect(samples.map((s) => ds.classnames[s.label])).toEqual([
      'an east asian man', 'an east asian woman', 'a white man', 'a latino woman', 'a middle eastern man', 'a black woman',
    ]);
    const plain = await fairface.open(ROOT, { split: 'val:race-gender' });
    expect(plain.classnames).toEqual(ds.classnames.slice(0, 14));
  });

  it.skipIf(!hasLabelSpaces)('race classes follow the published FairFace race list', async () => {
    const ds = await fairface.open(ROOT, { split: 'val:race' });
    const published = labelSpace('fairface-race');
    expect(ds.classnames.map((n) => n.replace(/^an? /, '').replace(/ person$/, ''))).toEqual(
      published.map((aliases) => aliases.find((a) => /^[A-Za-z ]+$/.test(a))!.toLowerCase()),
    );
  });

  it('reads the train part, and refuses an unknown target', async () => {
    const train = await collect(await fairface.open(ROOT, { split: 'train:gender' }));
    expect(train.map((s) => [s.id, s.label])).toEqual([['train/1.jpg', 0], ['train/2.jpg', 1]]);
    await expect(fairface.open(ROOT, { split: 'val:ethnicity' })).rejects.toThrow(/unknown split 'val:ethnicity'/);
  });
});
