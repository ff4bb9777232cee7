import { describe, expect, it } from 'vitest'
import { chiSquareSf, normalQuantile, normalTwoSidedP, studentTQuantile } from './index.js'

// Reference values from R 4.x: qnorm(0.975), 2*pnorm(-5), qt(0.975, 10), pchisq(3.841459, 1, lower=FALSE)
describe('distributions agree with R', () => {
  it('normal quantile is precise where simple-statistics is not', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12)
  })
  it('normal tail does not saturate', () => {
    expect(normalTwoSidedP(5) / 5.733031437583878e-7).toBeCloseTo(1, 9)
  })
  it('t quantile', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 10)
  })
  it('chi-square upper tail keeps precision far out: pchisq(100, 1, lower = FALSE)', () => {
    expect(chiSquareSf(100, 1) / 1.523970605e-23).toBeCloseTo(1, 8)
  })
  it('chi-square upper tail', () => {
    expect(chiSquareSf(3.841458820694124, 1)).toBeCloseTo(0.05, 12)
  })
})
