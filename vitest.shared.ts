import { defineConfig } from 'vitest/config'

// Workspace packages export their TypeScript sources under the `@refinery/source`
// condition, so tests run against sources without building dependencies first.
export default defineConfig({
  resolve: { conditions: ['@refinery/source'] },
  ssr: { resolve: { conditions: ['@refinery/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
  },
})
