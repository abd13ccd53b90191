import { describe, expect, it } from 'vitest';
import { parseFlickrCaptions } from '../../../src/datasets/retrieval/adapters/flickr/index.js';
import { openCaptionedDataset, RETRIEVAL_DATASETS } from '../../../src/datasets/retrieval/registry.js';
import type { CaptionedDataset } from '../../../src/datasets/retrieval/types.js';
import { collect, datasetFixture } from '../../helpers/datasets.js';

const fixture = (name: string) => datasetFixture(`retrieval/${name}`);

/** Images (id, label) and captions (text, image id) of an opened dataset, after iterating its images. */
async function contents(dataset: CaptionedDataset) {
  const samples = await collect(dataset.images);
  samples.forEach((s, i) => expect(s.label).toBe(i));
  return { ids: samples.map((s) => s.id), captions: dataset.captions().map((c) => [c.text, samples[c.image]!.id]), skipped: dataset.skipped() };
}

describe('captioned-dataset adapters', () => {
  it('registers one folder per adapter with a default split and languages', () => {
    for (const adapter of Object.values(RETRIEVAL_DATASETS)) {
      expect(adapter.splits).toContain(adapter.defaultSplit);
      expect(adapter.languages[0]).toBe('en');
    }
  });

  it('flickr30k: splits lines at .jpg, (captions keep their commas), lists a missing image as a sample, skips an empty caption', async () => {
    const { ids, captions, skipped } = await contents(await openCaptionedDataset('flickr30k', fixture('flickr30k'), undefined));
    expect(ids).toEqual(['1000092795.jpg', '10002456.jpg', '1000268201.jpg', '1000344755.jpg', 'missing.jpg']);
    expect(captions).toHaveLength(10);
    expect(captions[0]).toEqual(['Two young guys with shaggy hair look at their hands, while hanging out in the yard.', '1000092795.jpg']);
    expect(captions[9]).toEqual(['A dog runs across a field, chasing a ball.', 'missing.jpg']);
    expect(skipped).toEqual([{ path: expect.stringMatching(/flickr30k_test_karpathy\.txt:12$/), reason: 'empty caption for 1000092795.jpg' }]);
  });

  it('flickr30k zh: the _zh.txt file the same way', async () => {
    const { ids, captions } = await contents(await openCaptionedDataset('flickr30k', fixture('flickr30k'), 'test', 'zh'));
    expect(ids).toHaveLength(4);
    expect(captions[0]![0]).toBe('两个年轻人在院子里看着他们的手，');
    await expect(openCaptionedDataset('flickr8k', fixture('flickr8k'), 'test', 'zh')).rejects.toThrow(/flickr8k: flickr8k_test_karpathy_zh\.txt not found under/);
  });

  it('flickr8k, karpathy (test split only), csv (paths relative to the file, empty caption skipped), wds (sample without .txt skipped)', async () => {
    expect((await contents(await openCaptionedDataset('flickr8k', fixture('flickr8k'), undefined))).captions).toHaveLength(8);
    const k = await contents(await openCaptionedDataset('karpathy', fixture('karpathy'), undefined));
    expect(k.ids).toEqual(['2513260012_03d33305cf.jpg', '2903617548_d3e38d7f88.jpg', '3338291921_fe7ae0c8f8.jpg']);
    expect(k.captions[0]).toEqual(['Karpathy caption 0a, a dog.', '2513260012_03d33305cf.jpg']);
    expect((await contents(await openCaptionedDataset('karpathy', fixture('karpathy'), 'train'))).ids).toEqual(['488416045_1c6d903fe0.jpg']);
    const c = await contents(await openCaptionedDataset('csv', `${fixture('csv')}/captions.csv`, undefined));
    expect(c.ids).toEqual(['images/a.jpg', 'images/b.jpg', 'images/c.jpg']);
    expect(c.captions.map(([, id]) => id)).toEqual(['images/a.jpg', 'images/a.jpg', 'images/b.jpg', 'images/c.jpg']);
    expect(c.skipped).toEqual([{ path: expect.stringMatching(/captions\.csv:6$/), reason: 'empty caption for images/c.jpg' }]);
    const w = await contents(await openCaptionedDataset('wds', fixture('wds'), undefined));
    expect(w.ids).toEqual(['shard-000000.tar#s0000', 'shard-000000.tar#s0001', 'shard-000000.tar#s0003']);
    expect(w.captions[5]).toEqual(['shard caption 3 two', 'shard-000000.tar#s0003']);
    expect(w.skipped).toEqual([{ path: 'shard-000000.tar#s0002', reason: 'no .txt captions member' }]);
  });

  it('mscoco_captions: uneven caption counts; an image without a caption is a skip', async () => {
    const { ids, captions, skipped } = await contents(await openCaptionedDataset('mscoco_captions', fixture('mscoco'), undefined));
    expect(ids).toEqual(['COCO_val2014_000000391895.jpg', 'COCO_val2014_000000391896.jpg', 'COCO_val2014_000000391898.jpg']);
    expect(captions.map(([, id]) => id!.slice(-10))).toEqual(['391895.jpg', '391895.jpg', '391895.jpg', '391896.jpg', '391898.jpg', '391898.jpg']);
    expect(skipped).toEqual([{ path: 'COCO_val2014_000000391897.jpg', reason: expect.stringMatching(/^image has no caption in .*coco_test_karpathy\.json$/) }]);
  });

  it('bad annotation files are one-line errors naming the file and the line or id', async () => {
    await expect(openCaptionedDataset('mscoco_captions', fixture('mscoco-unknown-id'), undefined)).rejects.toThrow(/coco_test_karpathy\.json: annotations\[6\] names image id 999, which is not in 'images'/);
    await expect(openCaptionedDataset('mscoco_captions', fixture('mscoco-truncated'), undefined)).rejects.toThrow(/mscoco_captions: .*coco_test_karpathy\.json is truncated or not valid JSON/);
    await expect(openCaptionedDataset('flickr30k', fixture('flickr30k-malformed'), undefined)).rejects.toThrow(/flickr30k_test_karpathy\.txt:3 is not an '<image>\.jpg,<caption>' line/);
    await expect(openCaptionedDataset('wds', fixture('flickr8k'), undefined)).rejects.toThrow(/wds: no \.tar shards/);
    await expect(openCaptionedDataset('imagefolder', fixture('flickr8k'), undefined)).rejects.toThrow(/unknown retrieval dataset 'imagefolder' \(known: flickr30k, /);
    expect(() => parseFlickrCaptions('h\nno-separator here\n', 'flickr8k', 'f.txt')).toThrow(/f\.txt:2/);
  });
});
