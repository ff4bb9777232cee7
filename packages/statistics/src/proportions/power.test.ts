import { describe, expect, it } from 'vitest'
import { isStatisticsInputError } from '../result.js'
import { expectClose } from './expect-close.js'
import { minimumDetectableEffect, powerTwoProportions } from './power.js'

// Reference: R 4.2.2 power.prop.test, printed with options(digits = 15). Where n or p2 is solved,
// R was called with tol = 1e-13 (or 1e-14) because its default uniroot tol (1.2e-4) only fixes
// about 4 digits.
describe('powerTwoProportions', () => {
  it('?power.prop.test: power.prop.test(n = 50, p1 = .50, p2 = .75) => power 0.7401659', () => {
    expectClose(powerTwoProportions({ p1: 0.5, p2: 0.75, n: 50 }).power, 0.740165901331388)
  })

  it('?power.prop.test: power.prop.test(p1 = .50, p2 = .75, power = .90) => n = 76.7', () => {
    // R 4.2.2 prints n = 76.70693 (tol = 1e-13: 76.7069284517774). The brief quoted 76.65294,
    // which R 4.2.2 does not reproduce; the closed form agrees with R here.
    const r = powerTwoProportions({ p1: 0.5, p2: 0.75, power: 0.9 })
    expectClose(r.n, 76.7069284517774)
    expect(r.effectiveN).toBe(r.n)
  })

  it('strict two-sided power and n (strict = TRUE)', () => {
    expectClose(
      powerTwoProportions({ p1: 0.5, p2: 0.75, n: 50, strict: true }).power,
      0.740167193453611,
    )
    expectClose(
      powerTwoProportions({ p1: 0.5, p2: 0.75, power: 0.9, strict: true }).n,
      76.7069161158174,
    )
    expectClose(
      powerTwoProportions({ p1: 0.5, p2: 0.55, power: 0.8, strict: true }).n,
      1564.66831594866,
    )
    expectClose(
      powerTwoProportions({ p1: 0.3, p2: 0.32, n: 5, strict: true }).power,
      0.0504820540444715,
    )
  })

  it('one-sided ignores the sign of the difference, as R', () => {
    expectClose(
      powerTwoProportions({ p1: 0.3, p2: 0.2, n: 120, alternative: 'one.sided' }).power,
      0.557632905744843,
    )
    expectClose(
      powerTwoProportions({ p1: 0.3, p2: 0.2, power: 0.8, sigLevel: 0.1, alternative: 'one.sided' })
        .n,
      168.149589184019,
    )
  })

  it('design effect multiplies n and divides the effective n', () => {
    const srs = powerTwoProportions({ p1: 0.5, p2: 0.75, power: 0.9 })
    const design = powerTwoProportions({ p1: 0.5, p2: 0.75, power: 0.9, designEffect: 1.8 })
    expectClose(design.n, srs.n * 1.8, 1e-12)
    expectClose(design.effectiveN, srs.n, 1e-12)
    const back = powerTwoProportions({ p1: 0.5, p2: 0.75, n: design.n, designEffect: 1.8 })
    expectClose(back.power, 0.9, 1e-12)
  })

  it('rejects ambiguous or impossible requests', () => {
    const bad = [
      { p1: 0.5, p2: 0.75 },
      { p1: 0.5, p2: 0.75, n: 50, power: 0.8 },
      { p1: 0.5, p2: 0.5, n: 50 },
      { p1: 0, p2: 0.5, n: 50 },
      { p1: 0.5, p2: 1.2, n: 50 },
      { p1: 0.5, p2: 0.6, n: -3 },
      { p1: 0.5, p2: 0.6, power: 1 },
      { p1: 0.5, p2: 0.6, power: 0.01 },
      { p1: 0.5, p2: 0.6, n: 50, designEffect: 0 },
    ]
    for (const input of bad) {
      let caught: unknown
      try {
        powerTwoProportions(input)
      } catch (error) {
        caught = error
      }
      expect(isStatisticsInputError(caught), JSON.stringify(input)).toBe(true)
    }
  })
})

describe('minimumDetectableEffect', () => {
  it('?power.prop.test: power.prop.test(n = 50, p1 = .5, power = .90) => p2 = 0.8026', () => {
    // tol = 1e-14: 0.802630581703895; strict = TRUE: 0.802630567988423
    const r = minimumDetectableEffect({ p1: 0.5, n: 50, power: 0.9 })
    expectClose(r.upward?.p2 ?? Number.NaN, 0.802630581703895)
    expectClose(r.upward?.difference ?? Number.NaN, 0.302630581703895)
    // By symmetry of p ↔ 1 − p around 0.5 the downward MDE mirrors the upward one.
    expectClose(r.downward?.p2 ?? Number.NaN, 1 - 0.802630581703895)
    const strict = minimumDetectableEffect({ p1: 0.5, n: 50, power: 0.9, strict: true })
    expectClose(strict.upward?.p2 ?? Number.NaN, 0.802630567988423)
  })

  it('asymmetric MDE at p1 = 0.3, n = 200: uniroot on power.prop.test(...)$power − 0.8', () => {
    const r = minimumDetectableEffect({ p1: 0.3, n: 200 })
    expectClose(r.upward?.p2 ?? Number.NaN, 0.43466045357077)
    expectClose(r.downward?.p2 ?? Number.NaN, 0.180646411532415)
    expect(r.downward?.difference ?? 0).toBeLessThan(0)
    expect(r.warnings).toEqual([])
  })

  it('design effect: n = 400, deff 1.5 equals R with n = 400/1.5 (power 0.9)', () => {
    const r = minimumDetectableEffect({ p1: 0.2, n: 400, power: 0.9, designEffect: 1.5 })
    expectClose(r.upward?.p2 ?? Number.NaN, 0.32287590252396)
    expectClose(r.downward?.p2 ?? Number.NaN, 0.100132745626736)
  })

  it('the solved p2 gives back the requested power', () => {
    const r = minimumDetectableEffect({ p1: 0.12, n: 180, power: 0.85, sigLevel: 0.01 })
    for (const change of [r.upward, r.downward]) {
      expect(change).not.toBeNull()
      const back = powerTwoProportions({ p1: 0.12, p2: change?.p2 ?? 0, n: 180, sigLevel: 0.01 })
      expectClose(back.power, 0.85, 1e-9)
    }
  })

  it('returns null with a warning when a direction cannot reach the power', () => {
    const r = minimumDetectableEffect({ p1: 0.02, n: 10, power: 0.9 })
    expect(r.downward).toBeNull()
    expect(r.warnings.map((w) => w.code)).toContain('below-minimum-detectable-effect')
  })
})
