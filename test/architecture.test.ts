import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The top-level src folder each relative import of a file points into. */
function importedFolders(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const targets = [...text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)].map((m) => join(file, '..', m[1]!));
  return targets.map((t) => relative(SRC, t).split('/')[0]!);
}

// DESIGN.md's dependency direction: each folder may import only the folders listed (and itself).
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  config: ['core'],
  metrics: ['core'],
  tasks: ['core', 'config', 'features', 'prompts', 'metrics', 'model', 'text', 'image', 'datasets', 'results'],
  // The report reads typed results (of tasks and jobs) and renders PNGs through the one sharp module.
  report: ['core', 'config', 'metrics', 'results', 'tasks', 'datasets', 'jobs', 'image'],
};

describe('dependency direction', () => {
  for (const [folder, allowed] of Object.entries(ALLOWED)) {
    it(`src/${folder} imports only ${allowed.join(', ') || 'nothing outside itself'}`, () => {
      const wrong = sources(join(SRC, folder)).flatMap((file) =>
        importedFolders(file).filter((f) => f !== folder && !allowed.includes(f)).map((f) => `${relative(SRC, file)} -> ${f}`),
      );
      expect(wrong).toEqual([]);
    });
  }
});
