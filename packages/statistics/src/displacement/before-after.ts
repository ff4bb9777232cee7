import { assertInput } from '../result.js'

/** Counts in one area for the period before and the period after an intervention. */
export interface BeforeAfter {
  readonly before: number
  readonly after: number
}

/**
 * WDD needs integer counts (its variance is Poisson); WDQ is a ratio of ratios and also accepts
 * rates, so `integer` is the caller's choice.
 */
export function assertBeforeAfter(
  name: string,
  value: BeforeAfter | undefined,
  integer: boolean,
): BeforeAfter {
  assertInput(value !== undefined, 'missing-area', `${name} must be given as { before, after }`)
  for (const key of ['before', 'after'] as const) {
    const v = value[key]
    assertInput(
      (integer ? Number.isInteger(v) : Number.isFinite(v)) && v >= 0,
      'invalid-count',
      `${name}.${key} must be a non-negative ${integer ? 'integer count' : 'finite number'}, got ${v}`,
    )
  }
  return value
}
