import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeTestImage } from '../helpers/images.js';
import { LOCAL_FIXTURES } from '../helpers/shared.js';
import { OneNodeSlurm, slurmUnavailable } from './one-node-slurm.js';

const CHECKOUT = fileURLToPath(new URL('../../', import.meta.url));
const MODEL = join(LOCAL_FIXTURES, 'models', 'combined');
const TASKS = 3;
/** Images per shard: enough that task 1 writes its first 512-row cache chunk well before it ends. */
const PER_SHARD = 1500;
const CLASSES = ['apple', 'boat', 'cloud', 'dune'];
const OUTPUTS = ['predictions.csv', 'failures.csv', 'skipped.csv', 'image_embeddings.npy', 'classifier.npy'];

const unavailable = slurmUnavailable();
if (unavailable) console.warn(`test/cluster/slurm.test.ts skipped: ${unavailable}`);

/**
 * The README's Slurm recipe: the sh block of "Sharding on a cluster", less its `cd` and `export` lines (the
 * test runs it in the checkout with MODEL, DATA, DATASET, SPLIT, TEMPLATES and RUN of its own), with TASKS tasks
 * instead of 16.
 */
function readmeRecipe(): string {
  const readme = readFileSync(join(CHECKOUT, 'README.md'), 'utf8');
  const block = /\*\*Sharding on a cluster\.\*\*[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README: no sh block in "Sharding on a cluster"');
  const lines = block.trim().split('\n');
  expect(lines.filter((l) => /^(cd|export) /.test(l))).toHaveLength(2);
  const kept = lines.filter((l) => !/^(cd|export) /.test(l));
  expect(kept.filter((l) => l.includes('--array=0-15'))).toHaveLength(1);
  return kept.join('\n').replace('--array=0-15', `--array=0-${TASKS - 1}`);
}

/** metrics.json without the values that depend on how the run was split and scheduled. */
function comparable(path: string): Record<string, unknown> {
  const { time: _t, seconds: _s, feature_cache: _f, shard: _sh, merged_from: _m, ...rest } = JSON.parse(readFileSync(path, 'utf8'));
  return rest;
}

/** The cache folder of image features (the text features of the prompts have their own). */
function isImageStore(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { key?: { kind?: string } }).key?.kind === 'image';
  } catch {
    return false; // not written yet
  }
}

const metrics = (dir: string) => JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { n: number; shard: string | null; feature_cache: { hits: number; computed: number } };

describe.skipIf(unavailable !== undefined)(`the Slurm recipe on a one-node cluster${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  // Made in beforeAll, which a skipped suite never runs.
  let tmp = '';
  let data = '';
  let run = '';
  let single = '';
  let cluster: OneNodeSlurm | undefined;
  let jobs: { array: string; merge: string } | undefined;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'clip-eval-slurm-'));
    [data, run, single] = ['images', 'run', 'single'].map((d) => join(tmp, d)) as [string, string, string];
    for (let i = 0; i < TASKS * PER_SHARD; i++) {
      await writeTestImage(join(data, CLASSES[i % CLASSES.length]!, `${String(i).padStart(5, '0')}.jpg`), 32 + (i % 9), 32 + (i % 5), i);
    }
    writeFileSync(join(data, 'boat', 'zz-broken.jpg'), 'not a jpeg');
    const reference = await runCli(['zeroshot', '--model', MODEL, '--dataset', 'imagefolder', '--data', data, '--templates', 'default',
      '--cache-dir', join(tmp, 'cache-single'), '--out', single, '--save-embeddings']);
    expect(reference.code, reference.stderr).toBe(0);
    cluster = await OneNodeSlurm.start(join(tmp, 'slurm'));
  }, 90_000);

  afterAll(async () => {
    const left = cluster ? await cluster.stop() : [];
    if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
    expect(left, 'processes of the test cluster still running').toEqual([]);
  }, 60_000);

  it('the array over the fixture with its dependent merge equals one process byte for byte, with task 1 cancelled mid-run and requeued', async () => {
    const slurm = cluster!;
    const header = readFileSync(join(CHECKOUT, 'configs', 'cluster', 'slurm-zeroshot.sbatch'), 'utf8');
    const recipe = readmeRecipe();
    for (const line of recipe.split('\n').filter((l) => l.includes('sbatch '))) expect(header, 'the sbatch header shows the README recipe').toContain(`#   ${line.replace(`--array=0-${TASKS - 1}`, '--array=0-15')}`);

    const submitted = await slurm.run('bash', ['-euo', 'pipefail', '-c', recipe], { cwd: CHECKOUT, env: { MODEL, DATA: data, DATASET: 'imagefolder', SPLIT: '', TEMPLATES: 'default', RUN: run } });
    expect(submitted.code, submitted.stderr).toBe(0);
    const ids = /array job (\d+), merge job (\d+)/.exec(submitted.stdout);
    expect(ids, submitted.stdout).not.toBeNull();
    jobs = { array: ids![1]!, merge: ids![2]! };
    const task = (t: number) => `${jobs!.array}_${t}`;

    // Task 1's clip-eval process names its image-feature chunks <time>-<pid>-...: cancel it once it has written one.
    const stores = join(run, 'cache', 'features');
    const imageChunkOf = async (t: number): Promise<boolean> => {
      const steps = (await slurm.run('scontrol', ['listpids', (await slurm.job(task(t))).JobId ?? ''])).stdout;
      const pids = steps.split('\n').slice(1).map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
      const store = existsSync(stores) ? readdirSync(stores).map((s) => join(stores, s)).find(isImageStore) : undefined;
      if (store === undefined || !existsSync(join(store, 'chunks'))) return false;
      return readdirSync(join(store, 'chunks')).some((k) => k.endsWith('.keys') && pids.some((pid) => k.includes(`-${pid}-`)));
    };
    await slurm.waitFor('task 1 to write its first image-feature chunk', 60_000, () => imageChunkOf(1));
    // Held while task 1 is cancelled and requeued: had tasks 0 and 2 ended meanwhile, the merge (afterany) could
    // start between the two commands and refuse the missing shard (what the README says to do then is not tested).
    expect((await slurm.run('scontrol', ['hold', jobs.merge])).code).toBe(0);
    expect((await slurm.job(task(1))).JobState, 'task 1 is running when it is cancelled').toBe('RUNNING');
    const cancelled = await slurm.run('scancel', [task(1)]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    await slurm.waitFor('task 1 to be cancelled', 15_000, async () => (await slurm.job(task(1))).JobState === 'CANCELLED');
    expect(existsSync(join(run, 'shard-1', 'metrics.json')), 'task 1 was cancelled before it finished').toBe(false);
    const requeued = await slurm.run('scontrol', ['requeue', task(1)]);
    expect(requeued.code, requeued.stderr).toBe(0);
    expect((await slurm.run('scontrol', ['release', jobs.merge])).code).toBe(0);

    await slurm.waitFor('the merge job to end', 90_000, async () => !['PENDING', 'RUNNING', 'COMPLETING'].includes((await slurm.job(jobs!.merge)).JobState ?? ''));
    const log = (name: string) => (existsSync(join(run, 'logs', name)) ? readFileSync(join(run, 'logs', name), 'utf8') : `(no log ${name})`);
    for (const t of [0, 1, 2]) expect((await slurm.job(task(t))).JobState, log(`clip-eval-zeroshot-${task(t)}.out`)).toBe('COMPLETED');
    expect((await slurm.job(task(1))).Restarts, 'task 1 ran twice').toBe('1');
    expect((await slurm.job(jobs.merge)).JobState, log(`clip-eval-merge-${jobs.merge}.out`)).toBe('COMPLETED');

    for (const file of OUTPUTS) expect(readFileSync(join(run, 'merged', file)).equals(readFileSync(join(single, file))), file).toBe(true);
    expect(comparable(join(run, 'merged', 'metrics.json'))).toEqual(comparable(join(single, 'metrics.json')));
    expect([0, 1, 2].map((t) => metrics(join(run, `shard-${t}`)).shard)).toEqual(['0/3', '1/3', '2/3']);
  }, 120_000);

  it('the requeued task read the rows written before the cancel from the shared cache and computed only the rest', () => {
    expect(jobs, 'the array ran').toBeDefined();
    const resumed = metrics(join(run, 'shard-1'));
    expect(resumed.feature_cache.hits, 'cache hits of the requeued task').toBeGreaterThanOrEqual(512);
    expect(resumed.feature_cache.computed, 'rows it computed').toBeGreaterThan(0);
    expect(resumed.feature_cache.hits + resumed.feature_cache.computed, 'every row of the shard, once').toBe(resumed.n);
    expect(resumed.n).toBe(PER_SHARD);
    for (const t of [0, 2]) expect(metrics(join(run, `shard-${t}`)).feature_cache.hits, `task ${t} ran once`).toBe(0);
  });
});
