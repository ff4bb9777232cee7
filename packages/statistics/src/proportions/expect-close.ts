import { expect } from 'vitest'

/**
 * Asserts |actual − expected| ≤ rel·|expected| (or ≤ rel when expected is 0): the issue's
 * "6 significant digits" contract, stated once for every test in this part of the package.
 */
export function expectClose(actual: number, expected: number, rel = 1e-6): void {
  expect(Number.isFinite(actual), `expected a finite number, got ${actual}`).toBe(true)
  const scale = expected === 0 ? 1 : Math.abs(expected)
  expect(
    Math.abs(actual - expected) / scale,
    `actual ${actual} vs expected ${expected}`,
  ).toBeLessThanOrEqual(rel)
}
