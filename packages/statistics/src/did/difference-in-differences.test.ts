import { describe, expect, it } from 'vitest'
import { type DidPanelRow, differenceInDifferences } from './difference-in-differences.js'

const rel = (actual: number | undefined, expected: number, tol = 1e-6) =>
  expect(Math.abs((actual as number) - expected) / Math.abs(expected)).toBeLessThan(tol)

// Simulated panel: 12 places × 8 periods, places 0–4 treated from period 5, exposure 100 + 10·unit,
// overdispersed counts (numpy seed 3). References from statsmodels 0.13.5:
//   m = smf.glm('y ~ C(unit) + C(period) + tp', d, family=Poisson(), offset=np.log(d.expo))
//   m.fit(tol=1e-14); m.fit(cov_type='cluster', cov_kwds={'groups': d.unit}, tol=1e-14)
//   m.fit(scale='X2', tol=1e-14) with t(76) p-value and interval from scipy.stats.t
// and cross-checked with R: glm(y ~ factor(unit) + factor(period) + tp + offset(log(expo)),
//   family = poisson) + sandwich::vcovCL(cluster = ~unit, type = 'HC1').
const panelY = [
  11, 11, 9, 8, 24, 5, 17, 6, 0, 1, 4, 1, 2, 0, 0, 0, 4, 7, 7, 11, 2, 4, 4, 5, 3, 6, 6, 15, 5, 2, 3,
  1, 2, 5, 4, 8, 11, 4, 8, 7, 8, 5, 1, 3, 5, 5, 6, 13, 1, 1, 0, 2, 2, 1, 2, 5, 9, 4, 7, 6, 13, 7, 7,
  2, 3, 2, 6, 0, 4, 3, 11, 3, 48, 72, 60, 50, 39, 76, 118, 87, 5, 9, 8, 10, 9, 13, 11, 5, 3, 5, 2,
  10, 8, 4, 25, 21,
]
const panel: DidPanelRow[] = panelY.map((y, i) => {
  const unit = Math.floor(i / 8)
  const period = i % 8
  return {
    unit: `place-${unit}`,
    period,
    y,
    treatedPost: unit < 5 && period >= 5 ? 1 : 0,
    exposure: 100 + 10 * unit,
  }
})

describe('differenceInDifferences, counts', () => {
  it('equals the interaction of a saturated Poisson GLM', () => {
    // R: glm(y ~ g*post + offset(log(e)), family = poisson,
    //        data = data.frame(y = c(120, 80, 200, 190), g = c(1, 1, 0, 0), post = c(0, 1, 0, 1),
    //                          e = c(50, 40, 100, 100)))  → coefficient and SE of g:post
    const did = differenceInDifferences({
      mode: 'counts',
      treated: { before: { count: 120, exposure: 50 }, after: { count: 80, exposure: 40 } },
      control: { before: { count: 200, exposure: 100 }, after: { count: 190, exposure: 100 } },
    })
    rel(did.estimate, -0.131028262406404, 1e-9)
    rel(did.se, 0.176341972394748, 1e-9)
    rel(did.pValue, 0.457460473659011, 1e-9)
    rel(did.ratioOfRateRatios.ci.lower, 0.620858440423981, 1e-9)
    rel(did.ratioOfRateRatios.ci.upper, 1.239360663188913, 1e-9)
    rel(did.treatedRateRatio, 80 / 40 / (120 / 50), 1e-12)
    expect(did.warnings).toEqual([])
  })

  it('warns on small counts and refuses zero counts', () => {
    const did = differenceInDifferences({
      mode: 'counts',
      treated: { before: { count: 8 }, after: { count: 3 } },
      control: { before: { count: 20 }, after: { count: 22 } },
    })
    expect(did.warnings.map((w) => w.code)).toEqual(['small-counts'])
    expect(() =>
      differenceInDifferences({
        mode: 'counts',
        treated: { before: { count: 8 }, after: { count: 0 } },
        control: { before: { count: 20 }, after: { count: 22 } },
      }),
    ).toThrow(/treated\.after\.count is 0/)
  })
})

describe('differenceInDifferences, means', () => {
  it('computes the double difference with SE √Σsd²/n', () => {
    // Hand computation: (3.1 − 3.6) − (3.5 − 3.4) = −0.6;
    // SE = √(0.9²/200 + 1.0²/180 + 0.8²/220 + 0.95²/210); p = 2Φ(−|est/SE|).
    const did = differenceInDifferences({
      mode: 'means',
      treated: { before: { mean: 3.6, sd: 0.9, n: 200 }, after: { mean: 3.1, sd: 1.0, n: 180 } },
      control: { before: { mean: 3.4, sd: 0.8, n: 220 }, after: { mean: 3.5, sd: 0.95, n: 210 } },
    })
    const se = Math.sqrt(0.81 / 200 + 1 / 180 + 0.64 / 220 + 0.9025 / 210)
    rel(did.estimate, -0.6, 1e-12)
    rel(did.se, se, 1e-12)
    // R: 2 * pnorm(-0.6 / sqrt(0.81/200 + 1/180 + 0.64/220 + 0.9025/210))
    rel(did.pValue, 3.702642022781514e-6, 1e-6)
    const noSe = differenceInDifferences({
      mode: 'means',
      treated: { before: { mean: 1 }, after: { mean: 2 } },
      control: { before: { mean: 1 }, after: { mean: 1.5 } },
    })
    expect(noSe.estimate).toBe(0.5)
    expect(noSe.se).toBeUndefined()
  })
})

describe('differenceInDifferences, panel', () => {
  it('matches the fixed-effects Poisson GLM with SEs clustered by place', () => {
    const did = differenceInDifferences({ mode: 'panel', rows: panel })
    rel(did.estimate, -0.9401735280373322, 1e-9)
    rel(did.se, 0.2259083081729308, 1e-8)
    rel(did.pValue, 3.1582028174572264e-5, 1e-6)
    rel(did.ci.lower, -1.382945675864652, 1e-8)
    rel(did.ci.upper, -0.497401380210012, 1e-8)
    rel(did.incidenceRateRatio.estimate, Math.exp(-0.9401735280373322), 1e-9)
    rel(did.dispersion, 2.012925218983565, 1e-8)
    rel(did.deviance, 156.25843874049377, 1e-9)
    expect(did.clusterCount).toBe(12)
    expect(did.warnings.map((w) => w.code)).toEqual(['few-clusters'])
  })

  it('matches quasi-Poisson (t with n − k df) and model-based SEs', () => {
    const quasi = differenceInDifferences({ mode: 'panel', rows: panel }, { se: 'quasi' })
    rel(quasi.se, 0.2282132448064028, 1e-8)
    rel(quasi.pValue, 9.567314419953877e-5, 1e-6)
    rel(quasi.ci.lower, -1.3946995968096667, 1e-8)
    expect(quasi.inference).toEqual({ distribution: 't', df: 76 })
    const model = differenceInDifferences({ mode: 'panel', rows: panel }, { se: 'model' })
    rel(model.se, 0.16085220751060073, 1e-8)
    rel(model.pValue, 5.06712538210456e-9, 1e-6)
    expect(model.warnings.map((w) => w.code)).toEqual(['overdispersion'])
  })

  it('handles an unbalanced panel', () => {
    // Every 7th row (0-based index ≡ 3 mod 7) removed; 82 rows. R:
    //   d <- d[(seq_len(nrow(d)) - 1) %% 7 != 3, ]; same glm; vcovCL(cluster = ~unit, type = 'HC1')
    // gives β = -1.04891857780357, SE 0.198695917684765 (statsmodels agrees to 1e-12).
    const rows = panel.filter((_, i) => i % 7 !== 3)
    const did = differenceInDifferences({ mode: 'panel', rows })
    expect(did.n).toBe(82)
    rel(did.estimate, -1.04891857780357, 1e-9)
    rel(did.se, 0.198695917684765, 1e-8)
  })

  it('clusters correctly when there are more periods than places (the other elimination path)', () => {
    // 6 places × 10 periods, places 0–2 treated from period 6 (numpy seed 5). R:
    //   glm(y ~ factor(unit) + factor(period) + tp, family = poisson,
    //       control = glm.control(epsilon = 1e-14, maxit = 100))
    //   sqrt(sandwich::vcovCL(m, cluster = ~unit, type = 'HC1')['tp', 'tp'])
    // statsmodels GLM cluster gives the same to 5e-9.
    const ys = [
      2, 4, 5, 4, 2, 5, 6, 9, 10, 12, 8, 5, 19, 15, 8, 16, 1, 5, 10, 3, 4, 18, 10, 3, 15, 7, 10, 11,
      3, 19, 6, 10, 19, 15, 18, 12, 15, 12, 13, 2, 4, 16, 18, 15, 10, 26, 15, 17, 13, 32, 8, 4, 15,
      21, 27, 19, 18, 16, 45, 25,
    ]
    const rows = ys.map((y, i) => {
      const unit = Math.floor(i / 10)
      const period = i % 10
      return { unit, period, y, treatedPost: unit < 3 && period >= 6 ? 1 : 0 }
    })
    const did = differenceInDifferences({ mode: 'panel', rows })
    rel(did.estimate, -0.250533183244019, 1e-9)
    rel(did.se, 0.505884523054507, 1e-7)
    expect(did.units).toBe(6)
    expect(did.periods).toBe(10)
    // 6 clusters and only 3 treated places: both cluster warnings.
    expect(did.warnings.map((w) => w.message.startsWith('Only 3 treated'))).toEqual([false, true])
  })

  it('drops an all-zero place without changing the estimate', () => {
    const extra = Array.from({ length: 8 }, (_, period) => ({
      unit: 'silent',
      period,
      y: 0,
      treatedPost: period >= 5 ? 1 : 0,
    }))
    const did = differenceInDifferences(
      { mode: 'panel', rows: [...panel, ...extra] },
      { se: 'model' },
    )
    expect(did.droppedUnits).toEqual(['silent'])
    rel(did.estimate, -0.9401735280373322, 1e-9)
    rel(did.se, 0.16085220751060073, 1e-8)
  })

  it('refuses a treatment the fixed effects absorb, duplicates and an empty panel', () => {
    // Treated in every period: treatedPost is a place effect.
    const absorbed = panel.map((r) => ({ ...r, treatedPost: r.unit === 'place-0' ? 1 : 0 }))
    expect(() => differenceInDifferences({ mode: 'panel', rows: absorbed })).toThrow(/collinear/)
    expect(() =>
      differenceInDifferences({ mode: 'panel', rows: [...panel, panel[0] as DidPanelRow] }),
    ).toThrow(/more than one row/)
    expect(() =>
      differenceInDifferences({ mode: 'panel', rows: panel.map((r) => ({ ...r, y: 0 })) }),
    ).toThrow(/zero/)
    const noTreatedEvents = panel.map((r) => (r.treatedPost === 1 ? { ...r, y: 0 } : r))
    expect(() => differenceInDifferences({ mode: 'panel', rows: noTreatedEvents })).toThrow(
      /no finite estimate/,
    )
  })

  // Speed is measured in `pnpm bench` (statistics suite), never asserted in a unit test.
  it('recovers a known effect in a 50-place × 100-period panel', () => {
    // Noise-free counts μ = exp(α_u + γ_t − 0.3·treatedPost) · 1000: the MLE is exactly −0.3.
    const rows: DidPanelRow[] = []
    for (let u = 0; u < 50; u++) {
      for (let t = 0; t < 100; t++) {
        const tp = u < 20 && t >= 60 ? 1 : 0
        const mu = 1000 * Math.exp(0.02 * u - 0.01 * t + 0.3 * Math.sin(t) - 0.3 * tp)
        rows.push({ unit: u, period: t, y: mu, treatedPost: tp })
      }
    }
    const did = differenceInDifferences({ mode: 'panel', rows })
    rel(did.estimate, -0.3, 1e-9)
    expect(did.warnings).toEqual([])
  })
})
