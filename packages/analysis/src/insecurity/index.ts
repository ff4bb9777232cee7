import {
  adjustPValues,
  type Interval,
  mannWhitneyU,
  minimumDetectableEffect,
  normalQuantile,
  normalTwoSidedP,
  postStratifiedProportion,
  proportionTrendTest,
  twoProportionTest,
  wilsonInterval,
} from '@lagesbild/statistics'
import { check } from '../shared/errors.js'
import { type AnalysisWarning, fromStat } from '../shared/warnings.js'
import type {
  InsecurityCell,
  InsecurityComparison,
  InsecurityEstimate,
  InsecurityInput,
  InsecurityOptions,
  InsecurityResult,
  InsecurityTrend,
  PublishedInsecurity,
  UnsafeRule,
} from './types.js'

export const SMALL_SAMPLE_NOTE =
  'Small areas mean small samples: with about 400 respondents a wave, changes smaller than about ±10 percentage points cannot be told from noise. Each comparison states the change it could have detected (minimumDetectableEffect).'

interface Row {
  readonly y: 0 | 1
  /** Answer oriented so that higher is more unsafe; null when only `refrainsFromGoingOut` counted. */
  readonly score: number | null
  readonly weight: number
  readonly stratum: string
}

/** A computed cell together with what comparisons need and outputs must never show. */
interface Work {
  readonly cell: InsecurityEstimate
  /** Unweighted unsafe count; only for respondent data. */
  readonly x: number | null
  readonly rows: readonly Row[] | null
}

const key = (areaId: string, year: number) => `${year}\u0000${areaId}`

/**
 * Is this answer unsafe under the scale's rule?
 *
 * @param rule threshold and direction from the indicator's scale metadata
 * @param answer the ordinal answer
 * @example isUnsafe({ threshold: 3, direction: 'higher-is-worse' }, 4) // true
 */
export const isUnsafe = (rule: UnsafeRule, answer: number): boolean =>
  rule.direction === 'higher-is-worse' ? answer >= rule.threshold : answer <= rule.threshold

/**
 * Perceived insecurity per area and survey year, compared place against the rest of the
 * municipality, year against year and over the years. Cells below `minCellSize` respondents are
 * suppressed everywhere: no share, no n, no comparison built on them.
 *
 * @param input respondents and/or published aggregates, the unsafe rule, optional population shares
 * @param options minimum cell size (5), confidence level (0.95), municipality id, power for the MDE
 * @returns cells, comparisons with Newcombe CIs and BH q-values, trend tests and a small-sample note
 * @throws AnalysisInputError for an invalid option or published share outside [0, 1];
 *   StatisticsInputError when population shares do not cover the respondents' strata
 * @example
 * const result = perceivedInsecurity({
 *   respondents, // [{ respondentId: 'r1', areaId: 'centrum', year: 2024, answer: 3 }, …]
 *   unsafe: { threshold: 3, direction: 'higher-is-worse' },
 * })
 * result.cells // [{ areaId: 'centrum', year: 2024, share: 0.31, ci: {…}, n: 212, … }, …]
 */
export function perceivedInsecurity(
  input: InsecurityInput,
  options: InsecurityOptions = {},
): InsecurityResult {
  const minCellSize = options.minCellSize ?? 5
  const level = options.level ?? 0.95
  const municipalityId = options.municipalityId ?? 'municipality'
  const power = options.power ?? 0.8
  check(
    Number.isInteger(minCellSize) && minCellSize >= 1,
    'invalid-option',
    `minCellSize must be an integer ≥ 1; got ${minCellSize}.`,
  )
  check(level > 0 && level < 1, 'invalid-option', `level must be in (0, 1); got ${level}.`)
  const ctx = { minCellSize, level, municipalityId, power }

  const cells: InsecurityCell[] = []
  const placeVsMunicipality: InsecurityComparison[] = []
  const yearVsYear: InsecurityComparison[] = []
  const trends: InsecurityTrend[] = []

  // Respondent data
  const groups = new Map<string, { areaId: string; year: number; rows: Row[] }>()
  const byYear = new Map<number, Row[]>()
  for (const r of input.respondents ?? []) {
    const unsafeAnswer = r.answer !== null && isUnsafe(input.unsafe, r.answer)
    if (r.answer === null && r.refrainsFromGoingOut !== true) continue
    const weight = r.weight ?? 1
    check(
      weight > 0 && Number.isFinite(weight),
      'invalid-weight',
      `Respondent ${r.respondentId} has weight ${weight}.`,
    )
    const row: Row = {
      y: unsafeAnswer || r.refrainsFromGoingOut === true ? 1 : 0,
      score:
        r.answer === null
          ? null
          : input.unsafe.direction === 'higher-is-worse'
            ? r.answer
            : -r.answer,
      weight,
      stratum: `${r.ageGroup ?? ''}|${r.sex ?? ''}`,
    }
    const k = key(r.areaId, r.year)
    let g = groups.get(k)
    if (g === undefined) {
      g = { areaId: r.areaId, year: r.year, rows: [] }
      groups.set(k, g)
    }
    g.rows.push(row)
    let y = byYear.get(r.year)
    if (y === undefined) {
      y = []
      byYear.set(r.year, y)
    }
    y.push(row)
  }
  if (groups.size > 0) {
    const work = new Map<string, Work | null>()
    for (const [k, g] of groups) {
      const w = estimateRows(g.areaId, g.year, g.rows, input.populationShares?.[g.areaId], ctx)
      work.set(k, w)
      cells.push(w?.cell ?? suppressed(g.areaId, g.year, 'respondents'))
    }
    for (const [year, rows] of byYear) {
      const w = estimateRows(
        municipalityId,
        year,
        rows,
        input.populationShares?.[municipalityId],
        ctx,
      )
      work.set(key(municipalityId, year), w)
      cells.push(w?.cell ?? suppressed(municipalityId, year, 'respondents'))
    }
    // Place vs the rest of the municipality: independent samples, unlike place vs the whole.
    const pvm: InsecurityComparison[] = []
    for (const [k, g] of groups) {
      const own = new Set(g.rows)
      const rest = (byYear.get(g.year) ?? []).filter((row) => !own.has(row))
      const restWork = estimateRows(`rest of ${municipalityId}`, g.year, rest, undefined, ctx)
      pvm.push(
        compare(
          work.get(k) ?? null,
          restWork,
          { areaId: `rest of ${municipalityId}`, year: g.year },
          g.areaId,
          g.year,
          ctx,
          false,
        ),
      )
    }
    placeVsMunicipality.push(...adjustFamilies(pvm, (c) => String(c.year)))
    const yvy: InsecurityComparison[] = []
    const municipalityYears = [...byYear.keys()].map((year) => ({ areaId: municipalityId, year }))
    for (const [areaId, years] of yearsByArea([...groups.values(), ...municipalityYears])) {
      for (let i = 1; i < years.length; i++) {
        const prev = years[i - 1] as number
        const cur = years[i] as number
        yvy.push(
          compare(
            work.get(key(areaId, cur)) ?? null,
            work.get(key(areaId, prev)) ?? null,
            { areaId, year: prev },
            areaId,
            cur,
            ctx,
            true,
          ),
        )
      }
      trends.push(
        trendOf(
          areaId,
          years.map((year) => {
            const w = work.get(key(areaId, year))
            return w === undefined || w === null || w.x === null
              ? null
              : { year, x: w.x, n: w.cell.n as number }
          }),
        ),
      )
    }
    yearVsYear.push(...adjustFamilies(yvy, (c) => `${c.against.year}-${c.year}`))
  }

  // Published aggregates, used as published
  const published = input.published ?? []
  if (published.length > 0) {
    const work = new Map<string, Work | null>()
    for (const p of published) {
      const w = publishedCell(p, ctx)
      work.set(key(p.areaId, p.year), w)
      cells.push(w?.cell ?? suppressed(p.areaId, p.year, 'published'))
    }
    const pvm: InsecurityComparison[] = []
    for (const p of published) {
      if (p.areaId === municipalityId) continue
      const m = work.get(key(municipalityId, p.year))
      if (m === undefined) continue
      pvm.push(
        compare(
          work.get(key(p.areaId, p.year)) ?? null,
          m,
          { areaId: municipalityId, year: p.year },
          p.areaId,
          p.year,
          ctx,
          false,
        ),
      )
    }
    placeVsMunicipality.push(...adjustFamilies(pvm, (c) => `published ${c.year}`))
    const yvy: InsecurityComparison[] = []
    for (const [areaId, years] of yearsByArea(published)) {
      for (let i = 1; i < years.length; i++) {
        const prev = years[i - 1] as number
        const cur = years[i] as number
        yvy.push(
          compare(
            work.get(key(areaId, cur)) ?? null,
            work.get(key(areaId, prev)) ?? null,
            { areaId, year: prev },
            areaId,
            cur,
            ctx,
            true,
          ),
        )
      }
      trends.push(
        trendOf(
          areaId,
          years.map((year) => {
            const c = work.get(key(areaId, year))?.cell
            return c === undefined || c.n === null
              ? null
              : { year, x: Math.round(c.share * c.n), n: c.n }
          }),
        ),
      )
    }
    yearVsYear.push(...adjustFamilies(yvy, (c) => `published ${c.against.year}-${c.year}`))
  }
  adjustTrends(trends)
  return { cells, placeVsMunicipality, yearVsYear, trends, note: SMALL_SAMPLE_NOTE }
}

interface Ctx {
  readonly minCellSize: number
  readonly level: number
  readonly power: number
}

const suppressed = (
  areaId: string,
  year: number,
  source: 'respondents' | 'published',
): InsecurityCell => ({ areaId, year, source, suppressed: true, n: null })

function estimateRows(
  areaId: string,
  year: number,
  rows: readonly Row[],
  shares: Readonly<Record<string, number>> | undefined,
  ctx: Ctx,
): Work | null {
  const n = rows.length
  if (n < ctx.minCellSize) return null
  const x = rows.reduce((s, r) => s + r.y, 0)
  const base = { areaId, year, source: 'respondents' as const, suppressed: false as const, n }
  if (shares !== undefined) {
    const r = postStratifiedProportion({
      responses: rows.map((row) => ({ y: row.y, stratum: row.stratum })),
      populationShares: shares,
      level: ctx.level,
    })
    return {
      x,
      rows,
      cell: {
        ...base,
        share: r.estimate,
        ci: r.ci,
        se: r.se,
        estimation: 'post-stratified',
        effectiveN: r.effectiveN,
        warnings: fromStat('post-stratified-proportion', r.warnings),
      },
    }
  }
  if (rows.some((row) => row.weight !== 1)) {
    const r = postStratifiedProportion({
      responses: rows.map((row) => ({ y: row.y, weight: row.weight })),
      level: ctx.level,
    })
    return {
      x,
      rows,
      cell: {
        ...base,
        share: r.estimate,
        ci: r.ci,
        se: r.se,
        estimation: 'weights',
        effectiveN: r.effectiveN,
        warnings: fromStat('weighted-proportion', r.warnings),
      },
    }
  }
  const r = wilsonInterval(x, n, { level: ctx.level })
  return {
    x,
    rows,
    cell: {
      ...base,
      share: r.estimate,
      ci: r.ci,
      se: r.se,
      estimation: 'unweighted',
      effectiveN: n,
      warnings: fromStat('wilson', r.warnings),
    },
  }
}

function publishedCell(p: PublishedInsecurity, ctx: Ctx): Work | null {
  check(
    p.estimate >= 0 && p.estimate <= 1,
    'invalid-share',
    `Published share for ${p.areaId} ${p.year} is ${p.estimate}; pass shares as 0–1.`,
  )
  if (p.n !== null && p.n < ctx.minCellSize) return null
  const ci: Interval | null =
    p.ciLower === null || p.ciUpper === null
      ? null
      : { lower: p.ciLower, upper: p.ciUpper, level: p.ciLevel ?? 0.95 }
  const se =
    ci === null ? null : (ci.upper - ci.lower) / (2 * normalQuantile(1 - (1 - ci.level) / 2))
  const warnings: AnalysisWarning[] =
    p.n === null
      ? [
          {
            code: 'unknown-n',
            message: 'The publisher gives no n: the small-cell rule cannot be checked.',
          },
        ]
      : []
  return {
    x: null,
    rows: null,
    cell: {
      areaId: p.areaId,
      year: p.year,
      source: 'published',
      suppressed: false,
      n: p.n,
      share: p.estimate,
      ci,
      se,
      estimation: 'published',
      // Back out an effective n from the interval: the SE of a share is √(p(1−p)/n).
      effectiveN: se !== null && se > 0 ? (p.estimate * (1 - p.estimate)) / se ** 2 : p.n,
      warnings,
    },
  }
}

function compare(
  a: Work | null,
  b: Work | null,
  against: { areaId: string; year: number },
  areaId: string,
  year: number,
  ctx: Ctx,
  ordinal: boolean,
): InsecurityComparison {
  const blank = {
    areaId,
    year,
    against,
    difference: null,
    ci: null,
    pValue: null,
    qValue: null,
    minimumDetectableEffect: null,
    belowMinimumDetectableEffect: null,
    mannWhitney: null,
  }
  if (a === null || b === null) return { ...blank, suppressed: true, warnings: [] }
  const warnings: AnalysisWarning[] = []
  const p1 = a.cell.share
  const p2 = b.cell.share
  let difference: number
  let ci: Interval | null
  let pValue: number | null
  if (
    a.cell.estimation === 'unweighted' &&
    b.cell.estimation === 'unweighted' &&
    a.x !== null &&
    b.x !== null
  ) {
    const t = twoProportionTest(a.x, a.cell.n as number, b.x, b.cell.n as number, {
      level: ctx.level,
    })
    difference = t.estimate
    ci = t.ci
    pValue = t.pValue
    warnings.push(...fromStat('two-proportion-test', t.warnings))
  } else {
    difference = p1 - p2
    const ca = a.cell.ci
    const cb = b.cell.ci
    if (ca === null || cb === null || a.cell.se === null || b.cell.se === null) {
      ci = null
      pValue = null
    } else {
      // Newcombe's method 10 built from the two cells' own intervals (Wilson with Kish's
      // effective n, or the publisher's), and a z-test on their SEs.
      ci = {
        lower: difference - Math.sqrt((p1 - ca.lower) ** 2 + (cb.upper - p2) ** 2),
        upper: difference + Math.sqrt((ca.upper - p1) ** 2 + (p2 - cb.lower) ** 2),
        level: ca.level,
      }
      const se = Math.sqrt(a.cell.se ** 2 + b.cell.se ** 2)
      pValue = se > 0 ? normalTwoSidedP(difference / se) : difference === 0 ? 1 : 0
    }
  }
  let mde: InsecurityComparison['minimumDetectableEffect'] = null
  let below: boolean | null = null
  const na = a.cell.effectiveN
  const nb = b.cell.effectiveN
  if (na !== null && nb !== null && p2 > 0 && p2 < 1) {
    // power.prop.test assumes equal groups; the harmonic mean is the equivalent per-group n.
    const n = 2 / (1 / na + 1 / nb)
    try {
      const m = minimumDetectableEffect({ p1: p2, n, sigLevel: 1 - ctx.level, power: ctx.power })
      mde = { up: m.upward?.difference ?? null, down: m.downward?.difference ?? null }
      const bound = difference >= 0 ? mde.up : mde.down
      below = bound === null ? true : Math.abs(difference) < Math.abs(bound)
      if (below) {
        warnings.push({
          code: 'below-minimum-detectable-effect',
          message: `A change of ${(difference * 100).toFixed(1)} percentage points is below what these samples can detect (${bound === null ? 'none reachable' : `${(Math.abs(bound) * 100).toFixed(1)} pp`} at ${ctx.power * 100} % power).`,
        })
      }
    } catch {
      mde = null
    }
  }
  let mannWhitney: InsecurityComparison['mannWhitney'] = null
  if (ordinal && a.rows !== null && b.rows !== null) {
    const sa = a.rows.flatMap((r) => (r.score === null ? [] : [r.score]))
    const sb = b.rows.flatMap((r) => (r.score === null ? [] : [r.score]))
    try {
      const mw = mannWhitneyU(sa, sb)
      mannWhitney = { pValue: mw.pValue, qValue: mw.pValue, rankBiserial: mw.rankBiserial }
    } catch {
      mannWhitney = null
    }
  }
  return {
    ...blank,
    suppressed: false,
    difference,
    ci,
    pValue,
    minimumDetectableEffect: mde,
    belowMinimumDetectableEffect: below,
    mannWhitney,
    warnings,
  }
}

function yearsByArea(
  items: Iterable<{ readonly areaId: string; readonly year: number }>,
): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const { areaId, year } of items) {
    const ys = out.get(areaId) ?? []
    if (!ys.includes(year)) ys.push(year)
    out.set(areaId, ys)
  }
  for (const ys of out.values()) ys.sort((x, y) => x - y)
  return out
}

/** BH within each family; suppressed comparisons take no part and get no q. */
function adjustFamilies(
  comparisons: InsecurityComparison[],
  family: (c: InsecurityComparison) => string,
): InsecurityComparison[] {
  const groups = new Map<string, number[]>()
  comparisons.forEach((c, i) => {
    if (c.pValue === null) return
    const f = family(c)
    groups.set(f, [...(groups.get(f) ?? []), i])
  })
  const out = [...comparisons]
  for (const idx of groups.values()) {
    const q = adjustPValues(
      idx.map((i) => (comparisons[i] as InsecurityComparison).pValue as number),
      'BH',
    )
    const withMw = idx.filter((i) => (comparisons[i] as InsecurityComparison).mannWhitney !== null)
    const qMw = adjustPValues(
      withMw.map((i) => (comparisons[i] as InsecurityComparison).mannWhitney?.pValue as number),
      'BH',
    )
    idx.forEach((i, j) => {
      const c = out[i] as InsecurityComparison
      out[i] = { ...c, qValue: q[j] as number }
    })
    withMw.forEach((i, j) => {
      const c = out[i] as InsecurityComparison
      if (c.mannWhitney !== null)
        out[i] = { ...c, mannWhitney: { ...c.mannWhitney, qValue: qMw[j] as number } }
    })
  }
  return out
}

function trendOf(
  areaId: string,
  points: readonly ({ year: number; x: number; n: number } | null)[],
): InsecurityTrend {
  const usable = points.filter((p): p is { year: number; x: number; n: number } => p !== null)
  const years = usable.map((p) => p.year)
  if (usable.length < 3) {
    return {
      areaId,
      years,
      suppressed: usable.length < points.length,
      statistic: null,
      pValue: null,
      qValue: null,
      direction: null,
    }
  }
  const x = usable.map((p) => p.x)
  const n = usable.map((p) => p.n)
  try {
    const t = proportionTrendTest(x, n, years)
    const nTot = n.reduce((s, v) => s + v, 0)
    const pBar = x.reduce((s, v) => s + v, 0) / nTot
    const sBar = usable.reduce((s, p) => s + p.n * p.year, 0) / nTot
    const slope = usable.reduce((s, p) => s + p.n * (p.x / p.n - pBar) * (p.year - sBar), 0)
    return {
      areaId,
      years,
      suppressed: false,
      statistic: t.statistic,
      pValue: t.pValue,
      qValue: null,
      direction: slope > 0 ? 1 : slope < 0 ? -1 : 0,
    }
  } catch {
    return {
      areaId,
      years,
      suppressed: false,
      statistic: null,
      pValue: null,
      qValue: null,
      direction: null,
    }
  }
}

function adjustTrends(trends: InsecurityTrend[]): void {
  const idx = trends.flatMap((t, i) => (t.pValue === null ? [] : [i]))
  const q = adjustPValues(
    idx.map((i) => (trends[i] as InsecurityTrend).pValue as number),
    'BH',
  )
  idx.forEach((i, j) => {
    trends[i] = { ...(trends[i] as InsecurityTrend), qValue: q[j] as number }
  })
}
