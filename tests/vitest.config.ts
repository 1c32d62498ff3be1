import { defineConfig, mergeConfig } from 'vitest/config'
import shared from '../vitest.shared.ts'

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ['e2e/**/*.test.ts', 'integration/**/*.test.ts'],
      testTimeout: 120_000,
      hookTimeout: 300_000,
    },
  }),
)
