/**
 * Effect evaluation for every measure of the demo municipality: the issue's target is "panel
 * DiD + ITS + RES for each, in well under a second". Counts per place and period are prepared
 * once from the demo's log (not timed: that is the read models' job); what is timed is the
 * statistics, alone and through the analysis package's full `measureEffect`.
 */
import { measureEffect } from '@lagesbild/analysis'
import { DEMO_MEASURES, generateDemo } from '@lagesbild/demo-data'
import {
  differenceInDifferences,
  interruptedTimeSeries,
  relativeEffectSize,
} from '@lagesbild/statistics'
import { type BenchSuite, median } from '../lib/report.js'

const DAY = 86_400_000
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY
const dateOf = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10)

interface Prepared {
  readonly periods: string[]
  /** measureId → placeId → counts of the measure's target categories per period */
  readonly counts: Map<string, Record<string, number[]>>
}

function prepare(): Prepared {
  const demo = generateDemo({})
  const anchor = dayNumber('2019-01-07')
  const first = anchor
  const last = dayNumber('2025-12-31')
  const periods: string[] = []
  for (let d = first; d <= last; d += 14) periods.push(dateOf(d))
  const retracted = new Set<string>()
  for (const { event } of demo.log) {
    if (event.type === 'ReportRetracted') retracted.add(event.data.reportId)
  }
  const counts = new Map<string, Record<string, number[]>>()
  for (const m of DEMO_MEASURES) {
    if (!m.startedOn) continue
    const series: Record<string, number[]> = {}
    const targets = new Set(m.targetCategories)
    for (const { event } of demo.log) {
      if (event.type !== 'ReportSubmitted' || retracted.has(event.data.reportId)) continue
      for (const o of event.data.observations) {
        if (!targets.has(o.categoryCode)) continue
        const index = Math.floor((dayNumber(o.occurredOn.date) - anchor) / 14)
        if (index < 0 || index >= periods.length) continue
        const row = series[o.placeId] ?? new Array<number>(periods.length).fill(0)
        series[o.placeId] = row
        row[index] = (row[index] ?? 0) + o.count
      }
    }
    counts.set(m.measureId, series)
  }
  return { periods, counts }
}

/** Panel DiD + ITS + RES for one measure, straight on the statistics package. */
function evaluate(prepared: Prepared, measureId: string): void {
  const m = DEMO_MEASURES.find((x) => x.measureId === measureId)
  const series = prepared.counts.get(measureId)
  if (!m?.startedOn || !series) return
  const start = prepared.periods.findLastIndex((p) => p <= (m.startedOn as string))
  const from = Math.max(0, start - 26)
  const to = Math.min(prepared.periods.length, start + 27)
  const controls = m.controlPlaceIds.length
    ? m.controlPlaceIds
    : Object.keys(series).filter((p) => !m.placeIds.includes(p) && !m.bufferPlaceIds.includes(p))
  const rows = []
  for (const unit of [...m.placeIds, ...controls]) {
    const values = series[unit] ?? []
    for (let t = from; t < to; t++) {
      if (t === start) continue
      rows.push({
        unit,
        period: t,
        y: values[t] ?? 0,
        treatedPost: m.placeIds.includes(unit) && t > start ? 1 : 0,
      })
    }
  }
  differenceInDifferences({ mode: 'panel', rows })
  const treated: number[] = []
  for (let t = from; t < to; t++) {
    if (t === start) continue
    treated.push(m.placeIds.reduce((s, p) => s + (series[p]?.[t] ?? 0), 0))
  }
  interruptedTimeSeries(
    { y: treated, interventionIndex: start - from, slopeParametrisation: 'time-since' },
    { method: 'newey-west', lag: 2 },
  )
  const sum = (places: readonly string[], a: number, b: number) =>
    places.reduce((s, p) => s + (series[p]?.slice(a, b).reduce((x, y) => x + y, 0) ?? 0), 0)
  relativeEffectSize({
    a: Math.max(1, sum(m.placeIds, from, start)),
    b: Math.max(1, sum(m.placeIds, start + 1, to)),
    c: Math.max(1, sum(controls, from, start)),
    d: Math.max(1, sum(controls, start + 1, to)),
  })
}

export const benchStatistics: BenchSuite = async (ctx) => {
  const prepared = prepare()
  const ids = DEMO_MEASURES.filter((m) => m.startedOn).map((m) => m.measureId)
  ctx.log(`${ids.length} started measures, ${prepared.periods.length} periods`)
  const runs = ctx.quick ? 5 : 21
  const timeAll = (fn: (id: string) => void): number[] => {
    const times: number[] = []
    for (let r = 0; r < runs; r++) {
      const t = performance.now()
      for (const id of ids) fn(id)
      times.push(performance.now() - t)
    }
    return times
  }
  const core = timeAll((id) => evaluate(prepared, id))
  const full = (withSynth: boolean) =>
    timeAll((id) => {
      const m = DEMO_MEASURES.find((x) => x.measureId === id)
      const series = prepared.counts.get(id)
      if (!m?.startedOn || !series) return
      measureEffect(
        {
          measure: {
            id,
            placeIds: m.placeIds,
            targetCategories: m.targetCategories,
            startedOn: m.startedOn,
            ...(m.completedOn ? { completedOn: m.completedOn } : {}),
            ...(m.controlPlaceIds.length ? { controlPlaceIds: m.controlPlaceIds } : {}),
            ...(m.bufferPlaceIds.length ? { bufferPlaceIds: m.bufferPlaceIds } : {}),
          },
          periods: prepared.periods,
          counts: Object.fromEntries(Object.entries(series).map(([k, v]) => [k, v] as const)),
        },
        { syntheticControl: withSynth, periodsPerYear: 26 },
      )
    })
  const noSynth = full(false)
  const withSynth = full(true)
  return {
    id: 'statistics',
    title: 'Effect evaluation of every demo measure',
    measurements: [
      {
        name: `panel DiD + ITS + RES, all ${ids.length} measures`,
        value: median(core),
        unit: 'ms',
        target: 'well under 1 s',
      },
      {
        name: 'measureEffect (analysis, without synthetic control), all measures',
        value: median(noSynth),
        unit: 'ms',
        target: 'well under 1 s',
      },
      {
        name: 'measureEffect with synthetic control and placebos, all measures',
        value: median(withSynth),
        unit: 'ms',
      },
    ],
    notes: [`median of ${runs} runs; counts prepared once from the demo log, not timed`],
  }
}
