import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['schema/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
