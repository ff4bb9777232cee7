import { assertInput } from '../result.js'

/** Checks a binomial count pair; shared so every proportion function words errors the same way. */
export function assertCounts(x: number, n: number, label = ''): void {
  const at = label === '' ? '' : ` (${label})`
  assertInput(
    Number.isInteger(n) && n > 0,
    'invalid-count',
    `n${at} must be a positive integer, got ${n}`,
  )
  assertInput(
    Number.isInteger(x) && x >= 0,
    'invalid-count',
    `x${at} must be a non-negative integer, got ${x}`,
  )
  assertInput(x <= n, 'invalid-count', `x${at} = ${x} exceeds n${at} = ${n}`)
}

/** Checks a confidence level: strictly inside (0, 1). */
export function assertLevel(level: number): void {
  assertInput(
    Number.isFinite(level) && level > 0 && level < 1,
    'invalid-level',
    `level must be strictly between 0 and 1, got ${level}`,
  )
}

/** Checks a probability in the closed interval [0, 1]. */
export function assertProbability(p: number, name: string): void {
  assertInput(
    Number.isFinite(p) && p >= 0 && p <= 1,
    'invalid-probability',
    `${name} must be a probability in [0, 1], got ${p}`,
  )
}
