import { describe, expect, it } from 'vitest'

// The reliability suites land here one by one; this keeps `pnpm test:reliability` meaningful
// (vitest fails when no test file matches) until the first one does.
describe('reliability suite', () => {
  it('is wired into the workspace', async () => {
    const { createApp } = await import('@lagesbild/api')
    expect(typeof createApp).toBe('function')
  })
})
