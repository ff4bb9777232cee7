import { expect } from 'vitest'
import type { SituationPicture } from '../situation-picture/model.js'

const round = (v: unknown): unknown =>
  typeof v === 'number'
    ? Math.round(v * 1e9) / 1e9
    : Array.isArray(v)
      ? v.map(round)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]))
        : v

/** The first path where two JSON-like values differ, to make a failing property readable. */
const firstDifference = (a: unknown, b: unknown, path = ''): string | undefined => {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const k of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
      )
      if (d) return d
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 300)} ≠ ${JSON.stringify(b)?.slice(0, 300)}`
}

/** Harm sums are floating point and SQL adds in its own order: compare numbers at 1e-9. */
export const expectSamePicture = (actual: SituationPicture, expected: SituationPicture): void => {
  const a = round(actual)
  const e = round(expected)
  expect(a, firstDifference(a, e)).toEqual(e)
}
