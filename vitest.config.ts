import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // sharp and onnxruntime-node are native modules: the forks pool isolates them per file.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
