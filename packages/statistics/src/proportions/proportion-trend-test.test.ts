import { describe, expect, it } from 'vitest'
import { isStatisticsInputError } from '../result.js'
import { expectClose } from './expect-close.js'
import { proportionTrendTest } from './proportion-trend-test.js'

// R help page ?prop.test / ?prop.trend.test example data.
const smokers = [83, 90, 129, 70]
const patients = [86, 93, 136, 82]

describe('proportionTrendTest against R prop.trend.test', () => {
  it('default scores 1..4: prop.trend.test(smokers, patients)', () => {
    const r = proportionTrendTest(smokers, patients)
    expectClose(r.statistic, 8.22492228519771)
    expectClose(r.pValue, 0.00413189747764149)
    expect(r.scores).toEqual([1, 2, 3, 4])
  })

  it('departure = prop.test(smokers, patients)$statistic − trend, on 2 df', () => {
    const r = proportionTrendTest(smokers, patients)
    expectClose(r.departure?.statistic ?? Number.NaN, 4.37548901192993)
    expectClose(r.departure?.pValue ?? Number.NaN, 0.11216946106483)
    expect(r.departure?.df).toBe(2)
  })

  it('custom scores: prop.trend.test(smokers, patients, c(0, 0, 0, 1))', () => {
    const r = proportionTrendTest(smokers, patients, [0, 0, 0, 1])
    expectClose(r.statistic, 12.1731462207403)
    expectClose(r.pValue, 0.000484824593441675)
  })

  it('unequal scores: prop.trend.test(c(15,10,8,3), c(40,42,39,41), c(0, 1.5, 4, 10))', () => {
    const r = proportionTrendTest([15, 10, 8, 3], [40, 42, 39, 41], [0, 1.5, 4, 10])
    expectClose(r.statistic, 9.59561426686241)
    expectClose(r.pValue, 0.00195042665062674)
  })

  it('two groups equals the uncorrected two-sample X² (prop.trend.test(c(3,9), c(20,25)))', () => {
    const r = proportionTrendTest([3, 9], [20, 25])
    expectClose(r.statistic, 2.50568181818182)
    expectClose(r.pValue, 0.113436380836183)
    expect(r.departure).toBeNull()
  })

  it('all failures: documented 0 with p = 1', () => {
    const r = proportionTrendTest([0, 0, 0], [5, 6, 7])
    expect(r.statistic).toBe(0)
    expect(r.pValue).toBe(1)
    expect(r.warnings.map((w) => w.code)).toEqual(['boundary'])
  })
})

describe('proportionTrendTest input errors', () => {
  const cases: Array<[string, number[], number[], number[]?]> = [
    ['one group', [1], [2]],
    ['length mismatch', [1, 2], [3, 4, 5]],
    ['x > n', [5, 2], [3, 4]],
    ['constant scores', [1, 2], [3, 4], [1, 1]],
    ['score length', [1, 2], [3, 4], [1, 2, 3]],
  ]
  for (const [label, x, n, score] of cases) {
    it(label, () => {
      let caught: unknown
      try {
        proportionTrendTest(x, n, score)
      } catch (error) {
        caught = error
      }
      expect(isStatisticsInputError(caught)).toBe(true)
    })
  }
})

describe('proportionTrendTest tiny p-value', () => {
  it('prop.trend.test(c(10, 30, 60, 90), rep(100, 4)) p = 1.19e-33', () => {
    const r = proportionTrendTest([10, 30, 60, 90], [100, 100, 100, 100])
    expectClose(r.statistic, 146.16541353383462)
    expectClose(r.pValue, 1.1944814527845969e-33)
  })
})
