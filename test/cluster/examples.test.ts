import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseShard } from '../../src/core/shard.js';
import { writeTestImage } from '../helpers/images.js';
import { LOCAL_FIXTURES } from '../helpers/shared.js';

const CHECKOUT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIGS = join(CHECKOUT, 'configs', 'cluster');
const read = (name: string) => readFileSync(join(CONFIGS, name), 'utf8');

describe('the shipped cluster examples', () => {
  it('the Indexed Job tells its pods the shard count it runs, and every pod is one shard of it', () => {
    const manifest = read('k8s-zeroshot-indexed-job.yaml');
    const completions = Number(/^\s*completions:\s*(\d+)/m.exec(manifest)?.[1]);
    const count = /name: CLIP_EVAL_SHARD_COUNT\b.*\n\s*value:\s*"(\d+)"/.exec(manifest)?.[1];
    expect(count, 'CLIP_EVAL_SHARD_COUNT in the pod env').toBe(String(completions));
    expect(manifest).toMatch(/--shard auto/);
    const shards = Array.from({ length: completions }, (_, i) => parseShard('auto', { JOB_COMPLETION_INDEX: String(i), CLIP_EVAL_SHARD_COUNT: count }));
    expect(shards.map((s) => `${s.index}/${s.count}`)).toEqual(Array.from({ length: completions }, (_, i) => `${i}/${completions}`));
  });

  it('the sbatch examples, run by bash with the variables Slurm sets for --array=5-6, write shard-5 and shard-6 and merge them', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-sbatch-'));
    try {
      const data = join(tmp, 'images');
      for (let i = 0; i < 8; i++) await writeTestImage(join(data, ['apple', 'boat'][i % 2]!, `${i}.jpg`), 32, 32, i);
      const env = { ...process.env, MODEL: join(LOCAL_FIXTURES, 'models', 'combined'), DATA: data, DATASET: 'imagefolder', SPLIT: '', TEMPLATES: 'default', RUN: join(tmp, 'run'), SLURM_CPUS_PER_TASK: '1' };
      const array = { SLURM_ARRAY_JOB_ID: '40', SLURM_ARRAY_TASK_MIN: '5', SLURM_ARRAY_TASK_MAX: '6', SLURM_ARRAY_TASK_STEP: '1', SLURM_ARRAY_TASK_COUNT: '2' };
      for (const id of ['5', '6']) {
        const task = spawnSync('bash', [join(CONFIGS, 'slurm-zeroshot.sbatch')], { cwd: CHECKOUT, env: { ...env, ...array, SLURM_ARRAY_TASK_ID: id }, encoding: 'utf8' });
        expect(task.status, task.stderr).toBe(0);
      }
      const shards = ['5', '6'].map((id) => (JSON.parse(readFileSync(join(tmp, 'run', `shard-${id}`, 'metrics.json'), 'utf8')) as { shard: string }).shard);
      expect(shards).toEqual(['0/2', '1/2']);
      const merge = spawnSync('bash', [join(CONFIGS, 'slurm-merge.sbatch')], { cwd: CHECKOUT, env, encoding: 'utf8' });
      expect(merge.status, merge.stderr).toBe(0);
      expect((JSON.parse(readFileSync(join(tmp, 'run', 'merged', 'metrics.json'), 'utf8')) as { n: number }).n).toBe(8);
      const elsewhere = spawnSync('bash', [join(CONFIGS, 'slurm-zeroshot.sbatch')], { cwd: tmp, env: { ...env, ...array, SLURM_ARRAY_TASK_ID: '5' }, encoding: 'utf8' });
      expect(elsewhere.stderr).toMatch(/is not a clip-eval checkout: submit with sbatch --chdir/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
