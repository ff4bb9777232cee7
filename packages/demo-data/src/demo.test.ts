import {
  DEFAULT_CATEGORY_CATALOGUE,
  DomainEvent,
  type EventOf,
  parseEvent,
  parseStreamId,
} from '@lagesbild/domain'
import { describe, expect, it } from 'vitest'
import { generateDemo } from './demo.js'
import { DEMO_ORGANISATIONS, DEMO_PLACES } from './municipality.js'
import { countWhere, finalObservations, relativeRateRatio } from './testing/counts.js'

// One generation shared by the file: it is the object under test, and generating takes ~1 s.
const demo = generateDemo()
const observations = finalObservations(demo.log)
const effect = (measureId: string) => {
  const e = demo.truth.measureEffects.find((m) => m.measureId === measureId)
  if (e === undefined) throw new Error(`no planted effect for ${measureId}`)
  return e
}
const ofType = <T extends DomainEvent['type']>(type: T): EventOf<T>[] =>
  demo.log.map((x) => x.event).filter((e): e is EventOf<T> => e.type === type)

describe('generateDemo: determinism', () => {
  it('gives byte-identical events for the same seed and different events for another', () => {
    expect(JSON.stringify(generateDemo().log)).toBe(JSON.stringify(demo.log))
    const a = generateDemo({ seed: 1, from: '2024-01-01', to: '2024-06-30' })
    const b = generateDemo({ seed: 2, from: '2024-01-01', to: '2024-06-30' })
    expect(JSON.stringify(a.log)).not.toBe(JSON.stringify(b.log))
    expect(a.log.length).toBeGreaterThan(50)
  })

  it('rejects options it cannot honour, saying what to pass', () => {
    expect(() => generateDemo({ tenantId: 'Demo Kommun' })).toThrow(/slug/)
    expect(() => generateDemo({ seed: 1.5 })).toThrow(/integer/)
    expect(() => generateDemo({ from: '2024-01-01', to: '2024-01-10' })).toThrow(/60 days/)
    expect(() => generateDemo({ from: '2024-1-1' })).toThrow(/YYYY-MM-DD/)
  })
})

describe('generateDemo: valid domain events', () => {
  it('passes the domain schema for every event, unchanged by parsing', () => {
    for (const { event } of demo.log) {
      const parsed = DomainEvent.parse(event)
      // zod strips unknown keys: equality proves the generator writes no field the schema lacks.
      expect(parsed).toEqual(event)
      expect(parseEvent(event)).toEqual(event)
      expect(event.metadata.tenantId).toBe('demo')
    }
  })

  it('orders the log by recordedAt and numbers each stream 1…n', () => {
    const times = demo.log.map((x) => Date.parse(x.event.metadata.recordedAt))
    for (let i = 1; i < times.length; i++) {
      expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] as number)
    }
    const seen = new Map<string, number>()
    for (const { streamId, version } of demo.log) {
      expect(version).toBe((seen.get(streamId) ?? 0) + 1)
      seen.set(streamId, version)
    }
    expect(demo.streams.map((s) => s.streamId)).toEqual([...seen.keys()])
    for (const s of demo.streams) {
      expect(s.events.length).toBe(seen.get(s.streamId))
      const kind = parseStreamId(s.streamId)?.kind
      const first = s.events[0]?.type
      if (kind === 'report') expect(first).toBe('ReportSubmitted')
      if (kind === 'measure') expect(first).toBe('MeasureProposed')
      if (kind === 'problem') expect(first).toBe('ProblemIdentified')
    }
    expect(new Set(demo.log.map((x) => x.event.metadata.eventId)).size).toBe(demo.log.length)
  })

  it('registers configuration, partners and places before the first report', () => {
    const firstReport = demo.log.findIndex((x) => x.event.type === 'ReportSubmitted')
    const before = demo.log.slice(0, firstReport).map((x) => x.event.type)
    expect(before.filter((t) => t === 'PlaceRegistered')).toHaveLength(DEMO_PLACES.length)
    expect(before.filter((t) => t === 'OrganisationRegistered')).toHaveLength(
      DEMO_ORGANISATIONS.length,
    )
    expect(before).toContain('ReportingCadenceSet')
    expect(before).toContain('CategoryCatalogueSet')
  })

  it('references only registered places, partners and categories, never the future', () => {
    const places = new Set(DEMO_PLACES.map((p) => p.placeId))
    const organisations = new Set(DEMO_ORGANISATIONS.map((o) => o.organisationId))
    const categories = new Set(DEFAULT_CATEGORY_CATALOGUE.map((c) => c.code))
    // Collect violations instead of asserting 40k times: the message then lists them all.
    const problems: string[] = []
    for (const e of ofType('ReportSubmitted')) {
      const recordedOn = e.metadata.recordedAt.slice(0, 10)
      const { reportId, period, observations: os, reporterOrganisationId } = e.data
      if (!organisations.has(reporterOrganisationId)) problems.push(`${reportId}: organisation`)
      if (new Set(os.map((o) => o.observationId)).size !== os.length) {
        problems.push(`${reportId}: repeated observation id`)
      }
      for (const o of os) {
        const date = o.occurredOn.date
        if (!places.has(o.placeId)) problems.push(`${reportId}: place ${o.placeId}`)
        if (!categories.has(o.categoryCode)) problems.push(`${reportId}: ${o.categoryCode}`)
        if (date > recordedOn) problems.push(`${reportId}: ${date} after ${recordedOn}`)
        if (period === undefined || date < period.from || date > period.to) {
          problems.push(`${reportId}: ${date} outside the period`)
        }
      }
    }
    expect(problems).toEqual([])
    for (const e of ofType('MeasureProposed')) {
      for (const id of [...e.data.placeIds, ...(e.data.controlPlaceIds ?? [])]) {
        expect(places.has(id)).toBe(true)
      }
    }
    for (const { event } of demo.log) expect(event.metadata.recordedAt <= '2026').toBe(true)
  })

  it('imports one complete survey wave a year, each chunk well under 1 MB', () => {
    const chunks = ofType('SurveyWaveImported')
    const waves = new Map<string, number[]>()
    for (const c of chunks) {
      expect(JSON.stringify(c).length).toBeLessThan(600_000)
      waves.set(c.data.waveId, [...(waves.get(c.data.waveId) ?? []), c.data.chunk.index])
      expect(c.data.chunk.count).toBeGreaterThan(c.data.chunk.index)
    }
    expect([...waves.keys()]).toEqual(
      [2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => `trygghet-${y}`),
    )
    for (const [waveId, indices] of waves) {
      const count = chunks.find((c) => c.data.waveId === waveId)?.data.chunk.count
      expect(indices).toEqual(Array.from({ length: count ?? 0 }, (_, i) => i))
    }
  })
})

describe('generateDemo: volumes and rhythm', () => {
  it('produces a Mjölby-sized volume with late reports, corrections and retractions', () => {
    const v = demo.truth.volumes
    expect(observations.length).toBe(v.observations)
    expect(v.observations).toBeGreaterThan(20_000)
    expect(v.observations).toBeLessThan(60_000)
    expect(v.lateReports).toBeGreaterThan(20)
    expect(v.corrections).toBe(ofType('ObservationCorrected').length)
    expect(v.corrections).toBeGreaterThan(50)
    expect(v.retractedDuplicates).toBe(ofType('ReportRetracted').length)
    expect(v.retractedDuplicates).toBeGreaterThan(0)
    // Seven reporting partners over ~182 periods, a few skipped.
    expect(v.reports).toBeGreaterThan(7 * 182 * 0.85)
    expect(v.reports).toBeLessThanOrEqual(7 * 182)
  })

  it('records late reports long after their period ends', () => {
    const lags = ofType('ReportSubmitted').map(
      (e) =>
        (Date.parse(e.metadata.recordedAt) - Date.parse(`${e.data.period?.to}T23:59:59+02:00`)) /
        86_400_000,
    )
    expect(lags.filter((d) => d > 14).length).toBeGreaterThan(20)
    expect(lags.filter((d) => d < 5).length / lags.length).toBeGreaterThan(0.85)
  })

  it('has more gatherings in summer than in winter, and more unsafe places in the dark', () => {
    const byMonths = (category: string, months: readonly string[]) =>
      observations.filter(
        (o) => o.categoryCode === category && months.includes(o.occurredOn.date.slice(5, 7)),
      ).length
    const summer = ['06', '07', '08']
    const winter = ['12', '01', '02']
    expect(byMonths('disturbing-gatherings', summer)).toBeGreaterThan(
      1.4 * byMonths('disturbing-gatherings', winter),
    )
    expect(byMonths('unsafe-place', winter)).toBeGreaterThan(1.4 * byMonths('unsafe-place', summer))
  })

  it('has school staff report from the yards in term time, not in July', () => {
    const schoolReports = observations.filter((o) => o.reporterOrganisationId === 'education')
    const month = (m: string) => schoolReports.filter((o) => o.occurredOn.date.slice(5, 7) === m)
    expect(month('03').length).toBeGreaterThan(5 * month('07').length)
  })

  it('puts most gatherings and assaults in the evening or at night', () => {
    const parts = observations
      .filter((o) => o.categoryCode === 'assault' && o.occurredOn.precision === 'part-of-day')
      .map((o) => (o.occurredOn.precision === 'part-of-day' ? o.occurredOn.partOfDay : ''))
    const late = parts.filter((p) => p === 'evening' || p === 'night').length
    expect(late / parts.length).toBeGreaterThan(0.7)
  })
})

describe('generateDemo: corrections and noise', () => {
  it('corrects observations that went in wrong, later and in the same report', () => {
    const submitted = new Map(
      ofType('ReportSubmitted').map((e) => [
        e.data.reportId,
        { at: Date.parse(e.metadata.recordedAt), observations: e.data.observations },
      ]),
    )
    const corrections = ofType('ObservationCorrected')
    for (const c of corrections) {
      const report = submitted.get(c.data.reportId)
      expect(report).toBeDefined()
      expect(Date.parse(c.metadata.recordedAt)).toBeGreaterThan(report?.at ?? Infinity)
      const before = report?.observations.find(
        (o) => o.observationId === c.data.observation.observationId,
      )
      expect(before).toBeDefined()
      expect(before).not.toEqual(c.data.observation)
    }
  })

  it('makes counts overdispersed, as real counts are', () => {
    // Fortnightly counts at the travel centre in 2019–2021, before any measure touches it.
    const perPeriod = new Map<string, number>()
    for (const o of observations) {
      if (o.placeId !== 'resecentrum' || o.occurredOn.date > '2021-12-31') continue
      const days = (Date.parse(o.occurredOn.date) - Date.parse('2019-01-07')) / 86_400_000
      const key = String(Math.floor(days / 14))
      perPeriod.set(key, (perPeriod.get(key) ?? 0) + 1)
    }
    const xs = [...perPeriod.values()]
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)
    expect(xs.length).toBeGreaterThan(70)
    expect(variance / mean).toBeGreaterThan(1.5)
  })

  it('records in the truth every started measure with a planted ratio', () => {
    expect(
      demo.truth.measureEffects.map((m) => [m.measureId, m.rateRatio, m.displacement?.rateRatio]),
    ).toEqual([
      ['m-gallerian-siktlinjer', 0.8, undefined],
      ['m-gastisparken-belysning', 0.67, undefined],
      ['m-vastra-skolan-klotter', 1, undefined],
      ['m-resecentrum-polisnarvaro', 0.6, 1.15],
    ])
    const lifecycle = (id: string) =>
      demo.log.filter((x) => x.streamId === `measure-${id}`).map((x) => x.event.type)
    expect(lifecycle('m-gastisparken-belysning')).toEqual([
      'MeasureProposed',
      'MeasureDecided',
      'MeasureStarted',
      'MeasureCompleted',
    ])
    expect(lifecycle('m-gallerian-siktlinjer').at(-1)).toBe('MeasureEvaluated')
    expect(lifecycle('m-vifolka-uppsokande').at(-1)).toBe('MeasureCancelled')
  })
})

describe('generateDemo: planted effects are in the raw counts', () => {
  // Two-year windows either side of each start: the counts (~600 per window at the treated
  // place, overdispersed) support about ±0.15 on a ratio of rate ratios.
  it('cuts the targets in Gästisparken by about a third after the lighting', () => {
    const m = effect('m-gastisparken-belysning')
    expect(m.rateRatio).toBe(0.67)
    const ratio = relativeRateRatio(observations, {
      treated: m.placeIds,
      controls: m.controlPlaceIds,
      categories: m.targetCategories,
      before: ['2020-11-01', '2022-10-31'],
      after: ['2022-11-01', '2024-10-31'],
    })
    expect(Math.abs(ratio - 0.67)).toBeLessThan(0.15)
  })

  it('cuts the targets at the travel centre by ~40 % and displaces some to Norrby torg', () => {
    const m = effect('m-resecentrum-polisnarvaro')
    const design = {
      controls: m.controlPlaceIds,
      categories: m.targetCategories,
      before: ['2022-01-15', '2024-01-14'],
      after: ['2024-01-15', '2025-12-31'],
    } as const
    const treated = relativeRateRatio(observations, { ...design, treated: m.placeIds })
    expect(Math.abs(treated - 0.6)).toBeLessThan(0.15)
    expect(m.displacement).toEqual({ placeIds: ['norrby-torg'], rateRatio: 1.15 })
    const buffer = relativeRateRatio(observations, { ...design, treated: ['norrby-torg'] })
    expect(buffer).toBeGreaterThan(1)
    expect(buffer).toBeLessThan(1.45)
  })

  it('leaves the school yard with graffiti removal where the other yards are', () => {
    const m = effect('m-vastra-skolan-klotter')
    expect(m.rateRatio).toBe(1)
    const ratio = relativeRateRatio(observations, {
      treated: m.placeIds,
      controls: m.controlPlaceIds,
      categories: m.targetCategories,
      before: ['2021-01-09', '2023-01-08'],
      after: ['2023-01-09', '2025-01-08'],
    })
    expect(Math.abs(ratio - 1)).toBeLessThan(0.25)
  })

  it('grows the emerging problem at Vifolkavallen in 2025', () => {
    const p = demo.truth.emergingProblem
    expect(p).not.toBeNull()
    const count = (from: string, to: string) =>
      countWhere(observations, p?.placeIds ?? [], p?.categoryCodes ?? [], from, to)
    expect(count('2025-07-01', '2025-12-31')).toBeGreaterThan(
      1.3 * count('2024-07-01', '2024-12-31'),
    )
  })

  it('lowers the unsafe share in Centrum after the measures, within 15–30 % elsewhere', () => {
    const respondents = ofType('SurveyWaveImported').flatMap((e) =>
      e.data.content.format === 'respondents'
        ? e.data.content.respondents.map((r) => ({ year: e.data.year, ...r }))
        : [],
    )
    const share = (area: string, years: readonly number[]) => {
      const rs = respondents.filter(
        (r) =>
          r.area.placeId === area && years.includes(r.year) && r.answers['unsafe-evening'] != null,
      )
      return rs.filter((r) => (r.answers['unsafe-evening'] ?? 0) >= 3).length / rs.length
    }
    for (const year of [2019, 2020, 2021, 2022, 2023, 2024, 2025]) {
      const perArea = respondents.filter((r) => r.year === year && r.area.placeId === 'centrum')
      expect(perArea.length).toBeGreaterThan(340)
      expect(perArea.length).toBeLessThan(460)
    }
    const drop = share('centrum', [2019, 2020, 2021, 2022]) - share('centrum', [2023, 2024, 2025])
    expect(drop).toBeGreaterThan(0.03)
    expect(drop).toBeLessThan(0.13)
    for (const { areaId, year, share: expected } of demo.truth.survey.expectedShares) {
      expect(expected).toBeGreaterThanOrEqual(0.15)
      expect(expected).toBeLessThanOrEqual(0.3)
      expect(Math.abs(share(areaId, [year]) - expected)).toBeLessThan(0.07)
    }
  })
})
