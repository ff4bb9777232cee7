import type { Command } from '@lagesbild/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Lagesbild, openLagesbild } from '../index.js'
import { earlyWarningInputFor } from './early-warning.js'
import { feedbackInputFor } from './feedback.js'
import { measureEffectInputFor } from './measure-effect.js'
import { countsByPeriod } from './tables.js'

// A small tenant written through the command path with a controllable clock, so that the
// adapters' knowledge cut (knownAt) can be checked against corrections and retractions.
const T = 'mjolby'
const coordinator = { organisationId: 'municipality', role: 'coordinator' as const }
const housing = { organisationId: 'housing', role: 'reporter' as const }
let clock = new Date('2024-01-01T08:00:00Z')
let app: Lagesbild

const run = (command: unknown, actor: typeof coordinator | typeof housing = coordinator) =>
  app.execute(command as Command, { tenantId: T, actor })

const place = (placeId: string, level: string, parentId: string | null) => ({
  type: 'RegisterPlace',
  data: {
    placeId,
    name: placeId,
    level,
    kind: level === 'place' ? 'park' : level === 'area' ? 'district' : 'municipality',
    parentId,
  },
})

const observation = (observationId: string, placeId: string, date: string, count: number) => ({
  observationId,
  kind: 'disorder',
  categoryCode: 'graffiti',
  placeId,
  occurredOn: { precision: 'exact', date },
  count,
  certainty: 'observed',
  policeReported: 'no',
})

const report = (reportId: string, observations: unknown[]) => ({
  type: 'SubmitReport',
  data: { reportId, reporterOrganisationId: 'housing', observations },
})

beforeAll(async () => {
  app = await openLagesbild({ options: { memory: true } }, { background: false, now: () => clock })
  for (const cmd of [
    place('kommun', 'municipality', null),
    place('centrum', 'area', 'kommun'),
    place('park', 'place', 'centrum'),
    place('torget', 'place', 'centrum'),
    {
      type: 'RegisterOrganisation',
      data: { organisationId: 'housing', name: 'Bostadsbolaget', kind: 'housing-company' },
    },
    {
      type: 'RegisterOrganisation',
      data: { organisationId: 'municipality', name: 'Kommunen', kind: 'municipality' },
    },
    {
      type: 'SetReportingCadence',
      data: { intervalDays: 14, anchorDate: '2024-01-01', effectiveFrom: '2024-01-01' },
    },
  ]) {
    await run(cmd)
  }
  // Fortnightly reports Jan–Jun at the park (3 a period) and the square (1 a period).
  for (let i = 0; i < 13; i++) {
    const day = new Date(Date.UTC(2024, 0, 2 + 14 * i)).toISOString().slice(0, 10)
    clock = new Date(Date.UTC(2024, 0, 16 + 14 * i, 9))
    await run(
      report(`r${i}`, [observation('o1', 'park', day, 3), observation('o2', 'torget', day, 1)]),
      housing,
    )
  }
  clock = new Date('2024-06-26T12:00:00Z')
  await run(
    {
      type: 'ProposeMeasure',
      data: {
        measureId: 'm1',
        title: 'Belysning',
        type: 'lighting',
        ownerOrganisationId: 'municipality',
        placeIds: ['park'],
        targetCategories: ['graffiti'],
      },
    },
    coordinator,
  )
  await run({ type: 'DecideMeasure', data: { measureId: 'm1', decidedOn: '2024-03-04' } })
  await run({ type: 'StartMeasure', data: { measureId: 'm1', startedOn: '2024-03-11' } })
  // A correction and a retraction later in the year: known only from their recording on.
  clock = new Date('2024-07-10T12:00:00Z')
  await run(
    {
      type: 'CorrectObservation',
      data: { reportId: 'r0', observation: observation('o1', 'park', '2024-01-02', 10) },
    },
    housing,
  )
  await run({ type: 'RetractReport', data: { reportId: 'r1', reason: 'duplicate' } }, housing)
}, 60_000)
afterAll(async () => app?.close())

describe('countsByPeriod', () => {
  it('counts corrections and retractions as known at the cut', async () => {
    const at = async (knownAt: string) =>
      (
        await countsByPeriod(app.store.db, T, {
          fromPeriod: '2024-01-01',
          toPeriod: '2024-01-15',
          knownAt,
        })
      )
        .filter((r) => r.placeId === 'park')
        .map((r) => [r.periodStart, r.count])
    expect(await at('2024-06-30T00:00:00Z')).toEqual(
      expect.arrayContaining([
        ['2024-01-01', 3],
        ['2024-01-15', 3],
      ]),
    )
    // After July 10: the first report's count is corrected to 10, the second is retracted.
    expect(await at('2024-07-31T00:00:00Z')).toEqual([['2024-01-01', 10]])
  })

  it('keeps tenants apart', async () => {
    const rows = await countsByPeriod(app.store.db, 'linkoping', {
      fromPeriod: '2024-01-01',
      toPeriod: '2024-12-31',
      knownAt: '2025-01-01T00:00:00Z',
    })
    expect(rows).toEqual([])
  })
})

describe('measureEffectInputFor', () => {
  it('gives every place a zero-filled series over whole periods only, and the measure', async () => {
    const r = await measureEffectInputFor(app.store.db, T, 'm1', {
      asOf: '2024-06-20',
      knownAt: '2024-06-30T00:00:00Z',
    })
    expect(r.kind).toBe('ready')
    if (r.kind !== 'ready') return
    const { periods, counts, measure } = r.input
    // 2024-01-01 … the period ending 2024-06-16; the one running on 2024-06-20 is cut.
    expect(periods[0]).toBe('2024-01-01')
    expect(periods.at(-1)).toBe('2024-06-03')
    expect(Object.keys(counts).sort()).toEqual(['park', 'torget'])
    expect(counts.park?.every((n) => n === 3)).toBe(true)
    expect(counts.torget?.every((n) => n === 1)).toBe(true)
    expect(measure).toMatchObject({ id: 'm1', startedOn: '2024-03-11', placeIds: ['park'] })
    expect(r.periodsPerYear).toBe(26)
  })

  it('says not-found and not-started', async () => {
    expect((await measureEffectInputFor(app.store.db, T, 'nope')).kind).toBe('not-found')
    const early = await measureEffectInputFor(app.store.db, T, 'm1', { asOf: '2024-03-05' })
    expect(early.kind).toBe('not-started')
  })
})

describe('earlyWarningInputFor', () => {
  it('aligns each place × category series with the history and the screened period', async () => {
    const r = await earlyWarningInputFor(app.store.db, T, {
      asOf: '2024-06-05',
      knownAt: '2024-06-30T00:00:00Z',
      historyPeriods: 10,
    })
    expect(r.period.start).toBe('2024-06-03')
    expect(r.input.periods).toHaveLength(11)
    expect(r.historyPeriods).toBe(10)
    expect(r.input.periods.at(-1)).toBe('2024-06-03')
    expect(r.input.cells.map((c) => c.placeId)).toEqual(['park', 'torget'])
    expect(r.input.cells[0]?.counts).toEqual(Array(11).fill(3))
  })
})

describe('history before the first report', () => {
  it('is left out of alerts: three years asked for, five months of data given', async () => {
    const r = await earlyWarningInputFor(app.store.db, T, {
      asOf: '2024-06-05',
      knownAt: '2024-06-30T00:00:00Z',
    })
    expect(r.input.periods[0]).toBe('2024-01-01')
    expect(r.historyPeriods).toBe(11)
  })
})

describe('feedbackInputFor', () => {
  it("lists the organisation's live observations and the measure register", async () => {
    const input = await feedbackInputFor(app.store, T, {
      organisationId: 'housing',
      from: '2024-01-01',
      to: '2024-01-31',
      asOf: '2024-06-30',
      knownAt: '2024-07-31T00:00:00Z',
    })
    // r1 was retracted: two reports (r0, r2) with two observations each remain in January.
    expect(new Set(input.reports.map((r) => r.reportId))).toEqual(new Set(['r0', 'r2']))
    expect(input.reports).toHaveLength(4)
    expect(input.measures.map((m) => m.measureId)).toEqual(['m1'])
    expect(input.measures[0]).toMatchObject({ startedOn: '2024-03-11', decidedOn: '2024-03-04' })
    const other = await feedbackInputFor(app.store, T, {
      organisationId: 'police',
      from: '2024-01-01',
      to: '2024-01-31',
    })
    expect(other.reports).toEqual([])
  })
})
