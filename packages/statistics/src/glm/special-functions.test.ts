import { describe, expect, it } from 'vitest'
import { digamma, trigamma } from './special-functions.js'

const rel = (actual: number, expected: number, tol: number) =>
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tol)

describe('digamma and trigamma', () => {
  it('agree with R', () => {
    // R: sprintf('%.17g', digamma(c(0.3, 2.5, 17, 1234.5))), likewise trigamma
    const x = [0.3, 2.5, 17, 1234.5]
    const psi = [-3.5025242222001323, 0.70315664064524341, 2.8035133283274605, 7.1180162318279976]
    const psi1 = [
      12.245364546107732, 0.49035775610023491, 0.060587533403239344, 0.00081037272712696667,
    ]
    x.forEach((v, i) => {
      rel(digamma(v), psi[i] as number, 1e-14)
      rel(trigamma(v), psi1[i] as number, 1e-14)
    })
  })
})
