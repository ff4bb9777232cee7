import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createRandom } from './index.js'

const moments = (xs: readonly number[]) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)
  return { mean, variance }
}
const draw = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f)

describe('createRandom', () => {
  it('repeats a stream for the same seed and label and differs otherwise', () => {
    const a = draw(5, createRandom(7, 'x').uint32)
    expect(draw(5, createRandom(7, 'x').uint32)).toEqual(a)
    expect(draw(5, createRandom(8, 'x').uint32)).not.toEqual(a)
    expect(draw(5, createRandom(7, 'y').uint32)).not.toEqual(a)
  })

  it('draws uniforms on [0, 1) with mean 1/2', () => {
    const xs = draw(20_000, createRandom(1).next)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    expect(moments(xs).mean).toBeCloseTo(0.5, 2)
  })

  // Both Poisson branches (Knuth below 30, PTRS above) must have mean = variance = lambda.
  it.each([0.3, 4, 29, 45, 400])(
    'samples Poisson(%d) with matching mean and variance',
    (lambda) => {
      const rng = createRandom(11)
      const { mean, variance } = moments(draw(20_000, () => rng.poisson(lambda)))
      expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / 20_000))
      expect(variance / lambda).toBeGreaterThan(0.94)
      expect(variance / lambda).toBeLessThan(1.06)
    },
  )

  it('samples binomial and gamma with the right means', () => {
    const rng = createRandom(3)
    const b = moments(draw(5000, () => rng.binomial(1000, 0.4)))
    expect(b.mean).toBeGreaterThan(399)
    expect(b.mean).toBeLessThan(401)
    expect(b.variance / 240).toBeGreaterThan(0.9)
    expect(b.variance / 240).toBeLessThan(1.1)
    expect(moments(draw(5000, () => rng.binomial(20, 0.9))).mean).toBeCloseTo(18, 0)
    const g = moments(draw(20_000, () => rng.gamma(10, 0.1)))
    expect(g.mean).toBeCloseTo(1, 1)
    expect(g.variance).toBeCloseTo(0.1, 1)
    expect(moments(draw(20_000, () => rng.gamma(0.5, 2))).mean).toBeCloseTo(1, 1)
  })

  it('picks weighted indices in proportion', () => {
    const rng = createRandom(5)
    const hits = [0, 0, 0]
    for (let i = 0; i < 30_000; i++) {
      const k = rng.weighted([1, 0, 2])
      hits[k] = (hits[k] ?? 0) + 1
    }
    expect(hits[1]).toBe(0)
    expect((hits[2] ?? 0) / (hits[0] ?? 1)).toBeCloseTo(2, 0)
  })

  it('formats valid, distinct version 4 uuids', () => {
    const rng = createRandom(9)
    const ids = draw(1000, rng.uuid)
    for (const id of ids) expect(z.uuid().safeParse(id).success).toBe(true)
    expect(ids.every((id) => id[14] === '4')).toBe(true)
    expect(new Set(ids).size).toBe(1000)
  })
})
