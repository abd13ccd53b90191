import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // sharp and onnxruntime-node are native modules: the forks pool isolates them per file.
    pool: 'forks',
    // Dataset adapters keep their own tests in their folder (src/datasets/adapters/<name>/<name>.test.ts).
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
