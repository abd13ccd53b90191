import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { parseArgs } from '../../src/cli/main.js';
import { readResults } from '../../src/results/store.js';
import { writeTestImage } from '../helpers/images.js';
import { LOCAL_FIXTURES } from '../helpers/shared.js';
import { writeSyntheticRun } from '../tasks/fairness/synthetic.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-analysis-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const quiet = () => undefined;

async function run(argv: string[]): Promise<void> {
  const parsed = await parseArgs(argv, quiet);
  if (!parsed) throw new Error(`nothing to run for ${argv.join(' ')}`);
  await parsed.command.run(parsed.args as never);
}

describe('analysis commands', () => {
  it('parse without running anything', async () => {
    const rob = await parseArgs(['robustness', '--baseline', 'top1s.csv', '--baseline-types', 'types.csv', '--models', 'a,b', '--models', 'c', '--out', 'o'], quiet);
    expect(rob?.command).toBe(COMMANDS.robustness);
    expect(rob?.args).toMatchObject({ baseline: 'top1s.csv', models: ['a,b', 'c'], baselineScale: 'auto' });
    const merge = await parseArgs(['results', 'merge', '--out', 'm', 'a', 'b'], quiet);
    expect(merge?.args).toMatchObject({ subcommand: 'merge', dirs: ['a', 'b'], out: 'm' });
    const compare = await parseArgs(['templates', 'compare', '--model', 'M', '--data', 'D', '--subset', 'pair=1,2'], quiet);
    expect(compare?.args).toMatchObject({ subcommand: 'compare', validationFraction: 0.5, subset: ['pair=1,2'] });
    expect((await parseArgs(['report', 'dir'], quiet))?.args).toMatchObject({ dir: 'dir' });
    expect((await parseArgs(['fairness', '--predictions', 'p.csv', '--harmful', 'clip-paper'], quiet))?.args).toMatchObject({ harmful: ['clip-paper'] });
    await expect(parseArgs(['results', 'split', 'a', '--out', 'o'], quiet)).rejects.toMatchObject({ code: 'USAGE' });
    await expect(parseArgs(['fairness'], quiet)).rejects.toThrow(/predictions/);
  });

  it('templates compare runs on a toy model and records a template-compare result', async () => {
    const images = join(tmp, 'images');
    for (const [c, cls] of ['cat', 'dog'].entries()) for (let i = 0; i < 4; i++) await writeTestImage(join(images, cls, `${i}.png`), 36 + 5 * i, 34, c * 4 + i);
    const templates = join(tmp, 'templates.json');
    writeFileSync(templates, JSON.stringify(['a photo of a {}.', 'a {}', '{}', 'a cat or dog: {}']));
    const out = join(tmp, 'runs', 'templates');
    await run(['templates', 'compare', '--model', join(LOCAL_FIXTURES, 'models', 'combined'), '--data', images, '--templates', templates, '--subset', 'first two=1,2', '--cache-dir', join(tmp, 'cache'), '--decode-workers', '0', '--out', out]);
    const csv = readFileSync(join(out, 'template_comparison.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('kind,name,templates,n,correct,accuracy,accuracy_lower,accuracy_upper,only_baseline,only_this,p_exact,p_mid,verdict');
    expect(csv).toContain('first two');
    const [row] = await readResults(out);
    expect(row).toMatchObject({ task: 'template-compare', dataset: 'imagefolder' });
    expect(existsSync(join(out, 'figures', 'templates-accuracy.png'))).toBe(true);
  });

  it('fairness, results merge and report gather everything into one folder', async () => {
    const gender = await writeSyntheticRun(join(tmp, 'ff', 'gender'), 'gender', 11, 20);
    const age = await writeSyntheticRun(join(tmp, 'ff', 'age'), 'age', 12, 20);
    await run(['fairness', '--predictions', `gender=${gender}`, `age=${age}`, '--group', 'race', '--harmful', 'clip-paper', '--resamples', '200', '--out', join(tmp, 'runs', 'fairness')]);
    expect(existsSync(join(tmp, 'runs', 'fairness', 'fairness_groups.csv'))).toBe(true);
    await run(['results', 'merge', '--out', join(tmp, 'merged'), join(tmp, 'runs')]);
    expect(await readResults(join(tmp, 'merged'))).toHaveLength(1);
    await run(['report', join(tmp, 'runs'), '--title', 'Everything']);
    const md = readFileSync(join(tmp, 'runs', 'report.md'), 'utf8');
    expect(md).toMatch(/^# Everything/);
    expect(md).toContain('Recorded results');
    expect(md).toContain('## Template comparison');
    expect(md).toContain('## Fairness audit');
    expect(md).toContain('figures/templates-templates-accuracy.png');
    expect(md).not.toMatch(/NaN/);
    const html = readFileSync(join(tmp, 'runs', 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    // Rendering again gives the same sections (report does not feed on its own output).
    await run(['report', join(tmp, 'runs'), '--title', 'Everything']);
    expect(readFileSync(join(tmp, 'runs', 'report.md'), 'utf8').length).toBe(md.length);
  });
});
