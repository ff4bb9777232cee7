import { describe, expect, it } from 'vitest'
import { isStatisticsInputError } from '../result.js'
import {
  agrestiCoullInterval,
  clopperPearsonInterval,
  wilsonInterval,
} from './binomial-intervals.js'
import { expectClose } from './expect-close.js'

// Reference values: R 4.2 `prop.test(x, n, correct = FALSE/TRUE)$conf.int` and
// `binom.test(x, n)$conf.int`, printed with options(digits = 15).
const R_CASES = [
  {
    x: 7,
    n: 20,
    wilson: [0.181191824101082, 0.567145723314764],
    wilsonCc: [0.163086679716309, 0.590510433848573],
    cp: [0.153909204784541, 0.592188534532828],
  },
  {
    x: 0,
    n: 10,
    wilson: [0, 0.277532799862889],
    wilsonCc: [0, 0.344537218306922],
    cp: [0, 0.308497107818761],
  },
  {
    x: 10,
    n: 10,
    wilson: [0.722467200137111, 1],
    wilsonCc: [0.655462781693077, 1],
    cp: [0.691502892181239, 1],
  },
  {
    x: 1,
    n: 30,
    wilson: [0.00590859038161246, 0.166703909914092],
    wilsonCc: [0.00174246705238487, 0.190530216347821],
    cp: [0.000843570926630479, 0.172169455633413],
  },
  // x = n/2: R caps the correction at |x − n·0.5| = 0, so both Wilson variants coincide.
  {
    x: 15,
    n: 30,
    wilson: [0.331541256405338, 0.668458743594662],
    wilsonCc: [0.331541256405338, 0.668458743594662],
    cp: [0.312970285868027, 0.687029714131973],
  },
  {
    x: 83,
    n: 86,
    wilson: [0.902391288974392, 0.988066201922592],
    wilsonCc: [0.894330983785098, 0.990947580583541],
    cp: [0.901423836011468, 0.992747543571697],
  },
] as const

describe('wilsonInterval', () => {
  for (const c of R_CASES) {
    it(`matches R prop.test(${c.x}, ${c.n}) with and without correction`, () => {
      const plain = wilsonInterval(c.x, c.n)
      expectClose(plain.ci.lower, c.wilson[0])
      expectClose(plain.ci.upper, c.wilson[1])
      const cc = wilsonInterval(c.x, c.n, { correct: true })
      expectClose(cc.ci.lower, c.wilsonCc[0])
      expectClose(cc.ci.upper, c.wilsonCc[1])
      expect(plain.estimate).toBe(c.x / c.n)
    })
  }

  it('honours level: R prop.test(7, 20, conf.level = 0.9, correct = FALSE)', () => {
    const r = wilsonInterval(7, 20, { level: 0.9 })
    expectClose(r.ci.lower, 0.202260040056761)
    expectClose(r.ci.upper, 0.533487311151528)
    expect(r.ci.level).toBe(0.9)
  })

  it('warns at the boundary instead of presenting a zero SE as information', () => {
    expect(wilsonInterval(0, 10).warnings.map((w) => w.code)).toEqual(['boundary'])
    expect(wilsonInterval(3, 10).warnings).toEqual([])
  })
})

describe('clopperPearsonInterval', () => {
  for (const c of R_CASES) {
    it(`matches R binom.test(${c.x}, ${c.n})$conf.int`, () => {
      const r = clopperPearsonInterval(c.x, c.n)
      expectClose(r.ci.lower, c.cp[0])
      expectClose(r.ci.upper, c.cp[1])
    })
  }

  it('honours level: R binom.test(7, 20, conf.level = 0.9)', () => {
    const r = clopperPearsonInterval(7, 20, { level: 0.9 })
    expectClose(r.ci.lower, 0.177310917574449)
    expectClose(r.ci.upper, 0.558034511315489)
  })

  it('x = 0 upper limit is 1 − (α/2)^(1/n), the closed form binom.test uses', () => {
    expectClose(clopperPearsonInterval(0, 25).ci.upper, 1 - 0.025 ** (1 / 25), 1e-10)
  })
})

describe('agrestiCoullInterval', () => {
  // statsmodels 0.13.5: proportion_confint(x, n, alpha, method='agresti_coull')
  const SM = [
    {
      x: 7,
      n: 20,
      ci95: [0.179926361438228, 0.5684111859776177],
      ci90: [0.20141263689081393, 0.5343347143174755],
    },
    { x: 0, n: 10, ci95: [0, 0.3208873057505458], ci90: [0, 0.24880234523003686] },
    { x: 10, n: 10, ci95: [0.6791126942494543, 1], ci90: [0.751197654769963, 1] },
    { x: 1, n: 30, ci95: [0, 0.1809179845326112], ci90: [0, 0.14625434412669058] },
    {
      x: 83,
      n: 86,
      ci95: [0.8981793011867072, 0.9922781897102768],
      ci90: [0.9132047145575655, 0.9886554949049864],
    },
  ] as const
  for (const c of SM) {
    it(`matches statsmodels for ${c.x}/${c.n}`, () => {
      const a = agrestiCoullInterval(c.x, c.n)
      expectClose(a.ci.lower, c.ci95[0])
      expectClose(a.ci.upper, c.ci95[1])
      const b = agrestiCoullInterval(c.x, c.n, { level: 0.9 })
      expectClose(b.ci.lower, c.ci90[0])
      expectClose(b.ci.upper, c.ci90[1])
    })
  }
})

describe('input validation', () => {
  const bad: Array<[number, number, number?]> = [
    [-1, 10],
    [11, 10],
    [1.5, 10],
    [0, 0],
    [3, 10.2],
    [Number.NaN, 10],
    [3, 10, 1],
    [3, 10, 0],
  ]
  for (const fn of [wilsonInterval, agrestiCoullInterval, clopperPearsonInterval]) {
    for (const [x, n, level] of bad) {
      it(`${fn.name}(${x}, ${n}, level ${level ?? 0.95}) throws StatisticsInputError`, () => {
        let caught: unknown
        try {
          fn(x, n, level === undefined ? {} : { level })
        } catch (error) {
          caught = error
        }
        expect(isStatisticsInputError(caught)).toBe(true)
      })
    }
  }
})
