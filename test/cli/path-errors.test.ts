import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { writeTestImage } from '../helpers/images.js';
import { LOCAL_FIXTURES } from '../helpers/shared.js';

const MODEL = 'models/tiny-clip';
const TOY = join(LOCAL_FIXTURES, 'models', 'combined');
const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-path-errors-'));
const images = join(tmp, 'images');
const mounts: string[] = [];

/** Mounts a small tmpfs (root only; undefined where the test may not mount one). */
function mountTmpfs(name: string, options: string): string | undefined {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  mounts.push(dir);
  return dir;
}

/** Fills a mounted tmpfs to the last byte. */
function fill(dir: string): void {
  try {
    for (let i = 0; ; i++) writeFileSync(join(dir, `fill-${i}`), Buffer.alloc(4096, 1));
  } catch {
    // full
  }
}

beforeAll(async () => {
  for (const [c, cls] of ['cat', 'dog'].entries()) for (let i = 0; i < 2; i++) await writeTestImage(join(images, cls, `${i}.png`), 40, 30, c * 2 + i);
});

afterAll(() => {
  for (const dir of mounts) execFileSync('umount', [dir], { stdio: 'ignore' });
  rmSync(tmp, { recursive: true, force: true });
});

function expectOneLine(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

const zeroshot = (...more: string[]) => ['zeroshot', '--model', TOY, '--data', images, '--no-cache', '--decode-workers', '0', ...more];

describe('path problems are one line and exit 1 (usage: 2), never a stack trace', () => {
  it('--out or --cache-dir that is a file, empty, under /proc, or below a file', async () => {
    writeFileSync(join(tmp, 'a-file'), 'x');
    const results = await Promise.all([
      runCli(zeroshot('--out', join(tmp, 'a-file'))),
      runCli(zeroshot('--out', join(tmp, 'a-file', 'below'))),
      runCli(zeroshot('--out', '')),
      runCli(zeroshot('--out', '/proc/x')),
      runCli(['zeroshot', '--model', TOY, '--data', images, '--cache-dir', join(tmp, 'a-file')]),
      runCli(['embed-text', '--model', MODEL, '--out', tmp, 'hello']),
    ]);
    expectOneLine(results[0]!, 1, /--out .*a-file is a file, not a folder/);
    expectOneLine(results[1]!, 1, /--out .*a-file is a file, not a folder/);
    expectOneLine(results[2]!, 2, /--out is empty/);
    expectOneLine(results[3]!, 1, /--out \/proc\/x is under \/proc/);
    expectOneLine(results[4]!, 1, /--cache-dir .*a-file is a file, not a folder/);
    expectOneLine(results[5]!, 1, /--out .* is a folder; give a file name/);
  });

  it('an option given twice, and out-of-bounds numbers, are usage errors', async () => {
    const results = await Promise.all([
      runCli(zeroshot('--out', join(tmp, 'a'), '--out', join(tmp, 'b'))),
      runCli(zeroshot('--batch-size', '1e9')),
      runCli(zeroshot('--threads', '1000')),
      runCli(zeroshot('--threads', '-2')),
      runCli(['zeroshot', '--model', TOY, '--data', images, '--decode-workers', '1000']),
      runCli(zeroshot('--limit', '-5')),
      runCli(zeroshot('--limit', '0')),
      runCli(zeroshot('--limit', '1.5')),
    ]);
    expectOneLine(results[0]!, 2, /--out was given 2 times/);
    expectOneLine(results[1]!, 2, /--batch-size 1000000000 is out of bounds.*1 to 4096/);
    expectOneLine(results[2]!, 2, /--threads 1000 is out of bounds.*4 per core/);
    expectOneLine(results[3]!, 2, /--threads -2 is out of bounds/);
    expectOneLine(results[4]!, 2, /--decode-workers 1000 is out of bounds.*2 per core/);
    for (const r of results.slice(5)) expectOneLine(r, 2, /--limit .* is out of bounds/);
  });

  it('a read-only place and a full disk (a small tmpfs)', async (ctx) => {
    const ro = mountTmpfs('ro', 'ro,size=64k');
    const full = mountTmpfs('full', 'size=64k');
    if (!ro || !full) return ctx.skip('cannot mount a tmpfs here (needs root)');
    fill(full);
    const results = await Promise.all([
      runCli(zeroshot('--out', join(ro, 'run'))),
      runCli(['embed-text', '--model', MODEL, '--out', join(full, 'texts.npy'), 'hello']),
      runCli(zeroshot('--out', join(full, 'run'))),
      runCli(['zeroshot', '--model', TOY, '--data', images, '--decode-workers', '0', '--cache-dir', full, '--out', join(tmp, 'zs-full-cache')]),
    ]);
    expectOneLine(results[0]!, 1, /read-only file system/);
    for (const r of results.slice(1)) expectOneLine(r, 1, /no space left on the device/);
  });

  it('an unreadable sub-folder of the data (run as nobody)', async (ctx) => {
    if (process.getuid?.() !== 0) return ctx.skip('needs root to run the CLI as another user');
    const data = join(tmp, 'unreadable');
    mkdirSync(join(data, 'cat'), { recursive: true });
    mkdirSync(join(data, 'dog'), { recursive: true });
    await writeTestImage(join(data, 'cat', '0.png'), 40, 30, 1);
    await writeTestImage(join(data, 'dog', '0.png'), 40, 30, 2);
    chmodSync(tmp, 0o755);
    chmodSync(join(data, 'dog'), 0o000);
    const out = join(tmp, 'nobody-out');
    mkdirSync(out, { mode: 0o777 });
    chmodSync(out, 0o777);
    const result = await runCli(['zeroshot', '--model', TOY, '--data', data, '--no-cache', '--decode-workers', '0', '--out', join(out, 'run')], { HOME: out }, { uid: 65534, gid: 65534 });
    expectOneLine(result, 1, /permission denied/);
  });

  it('merge: an empty, truncated or null metrics.json, or a missing predictions.csv, is named', async () => {
    const shard = (name: string, metrics: string | undefined) => {
      const dir = join(tmp, name);
      mkdirSync(dir, { recursive: true });
      if (metrics !== undefined) writeFileSync(join(dir, 'metrics.json'), metrics);
      return dir;
    };
    const results = await Promise.all([
      runCli(['merge', '--out', join(tmp, 'm-empty'), shard('s-empty', '')]),
      runCli(['merge', '--out', join(tmp, 'm-trunc'), shard('s-trunc', '{"shard": "0/1", "per_cl')]),
      runCli(['merge', '--out', join(tmp, 'm-null'), shard('s-null', 'null')]),
      runCli(['merge', '--out', join(tmp, 'm-nopred'), shard('s-nopred', JSON.stringify({ shard: '0/1', config_hash: 'x', per_class: [] }))]),
    ]);
    expectOneLine(results[0]!, 1, /s-empty\/metrics\.json is not valid JSON \(the file is empty\)/);
    expectOneLine(results[1]!, 1, /s-trunc\/metrics\.json is not valid JSON/);
    expectOneLine(results[2]!, 1, /s-null\/metrics\.json holds null/);
    expectOneLine(results[3]!, 1, /s-nopred\/predictions\.csv is missing/);
  });
});
