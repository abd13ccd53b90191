import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/defaults.js';
import { resolveRuntime, TEXT_MEMORY_ARENA } from '../../src/config/runtime-config.js';

describe('resolveRuntime', () => {
  it('keeps the image tower on DEFAULTS.memoryArena and the text tower on TEXT_MEMORY_ARENA unless one is asked for both', () => {
    expect(resolveRuntime({ model: 'm', cacheDir: null }).session).toMatchObject({ memoryArena: DEFAULTS.memoryArena, textMemoryArena: TEXT_MEMORY_ARENA });
    expect(TEXT_MEMORY_ARENA).toBe(true);
    for (const arena of [true, false]) {
      expect(resolveRuntime({ model: 'm', cacheDir: null, session: { memoryArena: arena } }).session).toMatchObject({ memoryArena: arena, textMemoryArena: arena });
    }
  });
});
