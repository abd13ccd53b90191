import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/defaults.js';
import { resolveRuntime } from '../../src/config/runtime-config.js';

describe('resolveRuntime', () => {
  it('keeps both towers on DEFAULTS.memoryArena (on) unless asked otherwise', () => {
    expect(resolveRuntime({ model: 'm', cacheDir: null }).session).toMatchObject({ memoryArena: DEFAULTS.memoryArena });
    expect(DEFAULTS.memoryArena).toBe(true);
    for (const arena of [true, false]) {
      expect(resolveRuntime({ model: 'm', cacheDir: null, session: { memoryArena: arena } }).session).toMatchObject({ memoryArena: arena });
    }
  });
});
