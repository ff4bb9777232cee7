import { describe, expect, it } from 'vitest'
import { StatisticsInputError } from '../result.js'
import { weightedDisplacementQuotient } from './weighted-displacement-quotient.js'

const close = (actual: number | null, expected: number) => {
  if (actual === null) throw new Error('expected a number')
  expect(Math.abs(actual - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)))
}

// Values are hand-computed from the definitions in Bowers & Johnson (2003), J. Quant. Criminol.
// 19:275–301: SM = R_a/C_a − R_b/C_b, BDM = B_a/C_a − B_b/C_b, WDQ = BDM/SM,
// TNE = [R_b·C_a/C_b − R_a] + [B_b·C_a/C_b − B_a], the same formulas as Guerette (2009), "Analyzing
// Crime Displacement and Diffusion", POP Center Tool Guide No. 10, Appendix B.
describe('weightedDisplacementQuotient', () => {
  it('complete displacement: buffer rises by what the target loses → WDQ = −1', () => {
    // SM = 50/100 − 100/100 = −0.5; BDM = 150/100 − 100/100 = 0.5; TNE = 50 + (−50) = 0
    const r = weightedDisplacementQuotient({
      treatment: { before: 100, after: 50 },
      buffer: { before: 100, after: 150 },
      control: { before: 100, after: 100 },
    })
    close(r.successMeasure, -0.5)
    close(r.bufferDisplacementMeasure, 0.5)
    close(r.estimate, -1)
    expect(r.interpretation).toBe('displacement')
    expect(r.exceedsDirectEffect).toBe(false)
    close(r.targetEffect, 50)
    close(r.bufferEffect, -50)
    close(r.totalNetEffect, 0)
    expect(r.warnings).toEqual([])
  })

  it('diffusion of benefits with a changing control trend', () => {
    // Control 200 → 160 (trend 0.8). SM = 60/160 − 120/200 = 0.375 − 0.6 = −0.225.
    // BDM = 70/160 − 100/200 = 0.4375 − 0.5 = −0.0625. WDQ = 0.0625/0.225 = 0.2777…
    // target effect = 120·0.8 − 60 = 36; buffer effect = 100·0.8 − 70 = 10; TNE = 46.
    const r = weightedDisplacementQuotient({
      treatment: { before: 120, after: 60 },
      buffer: { before: 100, after: 70 },
      control: { before: 200, after: 160 },
    })
    close(r.successMeasure, -0.225)
    close(r.bufferDisplacementMeasure, -0.0625)
    close(r.estimate, 0.0625 / 0.225)
    expect(r.interpretation).toBe('diffusion-of-benefits')
    expect(r.exceedsDirectEffect).toBe(false)
    close(r.targetEffect, 36)
    close(r.bufferEffect, 10)
    close(r.totalNetEffect, 46)
    // Guerette (2009) Appendix B: GE = R_b − R_a; NE = R_b/C_b − R_a/C_a
    close(r.grossEffect, 60)
    close(r.netEffect, 0.225)
  })

  it('displacement larger than the direct effect → |WDQ| > 1', () => {
    // SM = 90/100 − 100/100 = −0.1; BDM = 130/100 − 100/100 = 0.3; WDQ = −3
    const r = weightedDisplacementQuotient({
      treatment: { before: 100, after: 90 },
      buffer: { before: 100, after: 130 },
      control: { before: 100, after: 100 },
    })
    close(r.estimate, -3)
    expect(r.exceedsDirectEffect).toBe(true)
    expect(r.totalNetEffect).toBeLessThan(0)
  })

  it('no buffer change relative to control → WDQ = 0', () => {
    const r = weightedDisplacementQuotient({
      treatment: { before: 100, after: 50 },
      buffer: { before: 40, after: 40 },
      control: { before: 100, after: 100 },
    })
    expect(r.estimate).toBe(0)
    expect(r.interpretation).toBe('no-buffer-change')
  })

  it('gives no WDQ when the target did not improve relative to control', () => {
    // Target 100 → 100 while control fell 100 → 80: SM = 1.25 − 1 > 0
    const r = weightedDisplacementQuotient({
      treatment: { before: 100, after: 100 },
      buffer: { before: 50, after: 70 },
      control: { before: 100, after: 80 },
    })
    expect(r.estimate).toBeNull()
    expect(r.interpretation).toBeNull()
    expect(r.exceedsDirectEffect).toBeNull()
    expect(r.warnings.map((w) => w.code)).toEqual(['wdq-uninterpretable'])
    close(r.successMeasure, 0.25)
    close(r.targetEffect, -20)
  })

  it('SM = 0 exactly is uninterpretable too (would be a division by zero)', () => {
    const r = weightedDisplacementQuotient({
      treatment: { before: 10, after: 10 },
      buffer: { before: 5, after: 9 },
      control: { before: 50, after: 50 },
    })
    expect(r.estimate).toBeNull()
    expect(r.warnings[0]?.code).toBe('wdq-uninterpretable')
  })

  it('accepts rates and rejects a zero control count', () => {
    const r = weightedDisplacementQuotient({
      treatment: { before: 1.2, after: 0.6 },
      buffer: { before: 1, after: 0.7 },
      control: { before: 2, after: 1.6 },
    })
    close(r.estimate, 0.0625 / 0.225)
    expect(() =>
      weightedDisplacementQuotient({
        treatment: { before: 1, after: 0 },
        buffer: { before: 1, after: 1 },
        control: { before: 0, after: 3 },
      }),
    ).toThrow(StatisticsInputError)
  })
})
