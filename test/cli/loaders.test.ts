import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { COMMAND_LOADERS, commandsFor } from '../../src/cli/commands/loaders.js';

describe('command loaders', () => {
  it('load exactly the commands of COMMANDS, under the same names', async () => {
    expect(Object.keys(COMMAND_LOADERS).sort()).toEqual(Object.keys(COMMANDS).sort());
    for (const [name, load] of Object.entries(COMMAND_LOADERS)) expect(await load()).toBe(COMMANDS[name as keyof typeof COMMANDS]);
  });

  it('load only the command argv names, and every command otherwise', async () => {
    expect(await commandsFor(['--debug', 'embed-text', '--out', 'x.npy', 'zeroshot'])).toEqual([COMMANDS['embed-text']]);
    expect(await commandsFor(['--', 'zeroshot'])).toHaveLength(Object.keys(COMMANDS).length);
    expect(await commandsFor(['zeroshoot'])).toHaveLength(Object.keys(COMMANDS).length);
    expect(await commandsFor(['--help'])).toHaveLength(Object.keys(COMMANDS).length);
  });
});
