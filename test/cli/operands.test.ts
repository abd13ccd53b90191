import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeNpy } from '../../src/core/npy.js';
import { readFileSync } from 'node:fs';
import { parseArgs } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';
import { writeTestImage } from '../helpers/images.js';

const MODEL = 'models/tiny-clip';
const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-operands-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const rows = (stdout: string) => JSON.parse(stdout) as number[][];

describe('operands: everything after -- in order, - for standard input, nothing dropped', () => {
  it('parseArgs appends the operands after -- to the command\'s variadic positional, in order', async () => {
    const parsed = await parseArgs(['tokenize', '--model', MODEL, 'a', '--', 'b', '--debug', '-x', '-']);
    expect(parsed?.args.texts).toEqual(['a', 'b', '--debug', '-x', '-']);
    expect(parsed?.args.debug).toBe(false);
    const dash = await parseArgs(['tokenize', '--model', MODEL, 'a', '-', 'c']);
    expect(dash?.args.texts).toEqual(['a', '-', 'c']);
  });

  it('tokenize: a -- b gives two rows, -- -x tokenizes -x, -- --debug is a text', async () => {
    const [ab, single, x, debug] = await Promise.all([
      runCli(['tokenize', '--model', MODEL, 'a', '--', 'b']),
      runCli(['tokenize', '--model', MODEL, 'b']),
      runCli(['tokenize', '--model', MODEL, '--', '-x']),
      runCli(['tokenize', '--model', MODEL, '--', '--debug']),
    ]);
    expect(ab.code, ab.stderr).toBe(0);
    expect(rows(ab.stdout)).toHaveLength(2);
    expect(rows(ab.stdout)[1]).toEqual(rows(single.stdout)[0]);
    expect(x.code, x.stderr).toBe(0);
    expect(rows(x.stdout)).toHaveLength(1);
    expect(debug.code, debug.stderr).toBe(0);
    expect(rows(debug.stdout)).toHaveLength(1);
  });

  it('tokenize: - reads texts from standard input in its place; --file comes first', async () => {
    writeFileSync(join(tmp, 'texts.txt'), 'first\nsecond\n');
    const [stdin, file, each] = await Promise.all([
      runCli(['tokenize', '--model', MODEL, 'a', '-', 'z'], {}, { input: 'x\ny\n' }),
      runCli(['tokenize', '--model', MODEL, '--file', join(tmp, 'texts.txt'), 'last']),
      runCli(['tokenize', '--model', MODEL, 'a', 'x', 'y', 'z', 'first', 'second', 'last']),
    ]);
    expect(stdin.code, stdin.stderr).toBe(0);
    const all = rows(each.stdout);
    expect(rows(stdin.stdout)).toEqual(all.slice(0, 4));
    expect(file.code, file.stderr).toBe(0);
    expect(rows(file.stdout)).toEqual(all.slice(4));
  });

  it('no texts, or operands for a command that takes none, are usage errors (exit 2, one line)', async () => {
    const [none, empty, fairness] = await Promise.all([
      runCli(['tokenize', '--model', MODEL]),
      runCli(['tokenize', '--model', MODEL, '-'], {}, { input: '' }),
      runCli(['fairness', '--predictions', 'p.csv', '--', 'extra']),
    ]);
    for (const r of [none, empty, fairness]) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(fairness.stderr).toMatch(/takes no operands.*'extra'/);
  });

  it('embed-text and preprocess take operands after -- and from -', async () => {
    const image = join(tmp, 'a.png');
    await writeTestImage(image, 40, 30, 1);
    const [text, pre] = await Promise.all([
      runCli(['embed-text', '--model', MODEL, '--out', join(tmp, 't.npy'), 'a', '-', '--', '-b'], {}, { input: 'c\n' }),
      runCli(['preprocess', '--model', MODEL, '--out', join(tmp, 'p.npy'), '-', '--', image], {}, { input: `${image}\n` }),
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(decodeNpy(readFileSync(join(tmp, 't.npy'))).shape[0]).toBe(3);
    expect(pre.code, pre.stderr).toBe(0);
    expect(decodeNpy(readFileSync(join(tmp, 'p.npy'))).shape[0]).toBe(2);
  });
});
