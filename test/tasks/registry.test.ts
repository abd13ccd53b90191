import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { getTask, TASKS } from '../../src/tasks/registry.js';

describe('the task registry', () => {
  it.each(Object.entries(TASKS))('%s: its folder exists, its command is a CLI command, its file names are distinct', (_name, task) => {
    expect(existsSync(new URL(`../../src/tasks/${task.folder}/`, import.meta.url))).toBe(true);
    expect(Object.keys(COMMANDS)).toContain(task.command.split(' ')[0]);
    const files = Object.values(task.files);
    expect(new Set(files).size).toBe(files.length);
  });

  it('an unknown task is an error listing the known ones', () => {
    expect(() => getTask('zero-shot')).toThrow(/unknown task 'zero-shot' \(known: zeroshot, embed, template-compare/);
  });
});
