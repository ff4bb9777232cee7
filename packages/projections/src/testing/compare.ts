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

/** Harm sums are floating point and SQL adds in its own order: compare numbers at 1e-9. */
export const expectSamePicture = (actual: SituationPicture, expected: SituationPicture): void => {
  expect(round(actual)).toEqual(round(expected))
}
