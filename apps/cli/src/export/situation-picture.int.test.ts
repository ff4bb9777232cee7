import { PICTURE_CSV_HEADER } from '@lagesbild/api'
import { type Lagesbild, openLagesbild } from '@lagesbild/application'
import type { Command } from '@lagesbild/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UsageError } from '../errors.js'
import { exportSituationPicture } from './situation-picture.js'
import { exportTable } from './tables.js'

// A small tenant written through the command path, then exported through the function the CLI
// command calls, so the store → picture → renderer path is covered end to end.
const T = 'mjolby'
const coordinator = { organisationId: 'municipality', role: 'coordinator' as const }
const housing = { organisationId: 'housing', role: 'reporter' as const }
let clock = new Date('2024-01-01T08:00:00Z')
let app: Lagesbild

const run = (command: unknown, actor: typeof coordinator | typeof housing = coordinator) =>
  app.execute(command as Command, { tenantId: T, actor })

const place = (placeId: string, name: string, level: string, parentId: string | null) => ({
  type: 'RegisterPlace',
  data: {
    placeId,
    name,
    level,
    kind: level === 'place' ? 'park' : level === 'area' ? 'district' : 'municipality',
    parentId,
  },
})

const report = (reportId: string, placeId: string, date: string, count: number) => ({
  type: 'SubmitReport',
  data: {
    reportId,
    reporterOrganisationId: 'housing',
    observations: [
      {
        observationId: 'o1',
        kind: 'disorder',
        categoryCode: 'graffiti',
        placeId,
        occurredOn: { precision: 'exact', date },
        count,
        certainty: 'observed',
        policeReported: 'no',
      },
    ],
  },
})

beforeAll(async () => {
  app = await openLagesbild({ options: { memory: true } }, { background: false, now: () => clock })
  for (const cmd of [
    place('kommun', 'Mjölby kommun', 'municipality', null),
    place('centrum', 'Centrum', 'area', 'kommun'),
    place('park', '<script>alert(1)</script>', 'place', 'centrum'),
    place('torget', '=Torget', 'place', 'centrum'),
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
  // Previous period 2024-01-01..14: park 2, torget 4. Current 2024-01-15..28: park 5, torget 1.
  clock = new Date('2024-01-20T09:00:00Z')
  await run(report('r1', 'park', '2024-01-03', 2), housing)
  await run(report('r2', 'torget', '2024-01-04', 4), housing)
  await run(report('r3', 'park', '2024-01-16', 5), housing)
  await run(report('r4', 'torget', '2024-01-17', 1), housing)
  // Recorded after the knowledge cut used below: must not count at that cut.
  clock = new Date('2024-02-10T09:00:00Z')
  await run(report('r5', 'park', '2024-01-18', 7), housing)
}, 60_000)
afterAll(async () => app?.close())

const request = { tenantId: T, asOf: '2024-01-20', knownAt: '2024-02-01T00:00:00+01:00' }

describe('exportSituationPicture over a seeded deployment', () => {
  it('renders the html brief with the period, escaped names and the change', async () => {
    const html = await exportSituationPicture(app.store.db, { ...request, format: 'html' })
    expect(html).toContain('2024-01-15 – 2024-01-28')
    expect(html).toContain('<dt>Kunskapsläge</dt><dd>2024-01-31 23:00 UTC</dd>')
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('<span class="up">▲ +3</span>')
    expect(html).toContain('<span class="down">▼ −3</span>')
    expect(html).toMatch(/Centrum<\/td>/)
  })

  it('renders csv rows with formula-safe names', async () => {
    const csv = await exportSituationPicture(app.store.db, { ...request, format: 'csv' })
    const lines = csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe(PICTURE_CSV_HEADER.join(','))
    // Baseline: 12 earlier periods, one with 4 → mean 1/3, sd √(4/3), z = (1 − 1/3) / sd
    expect(lines).toContain(
      "2024-01-15,2024-01-28,torget,'=Torget,graffiti,1,1,1,1,4,-3,0,0.333,0.577",
    )
    expect(lines.find((l) => l.includes(',park,'))).toMatch(/,graffiti,5,1,1,/)
  })

  it('renders json honouring the knowledge cut and the area', async () => {
    const json = await exportSituationPicture(app.store.db, { ...request, format: 'json' })
    const picture = JSON.parse(json)
    expect(picture.totals.count).toBe(6)
    expect(picture.late.recordedAfterKnownAt).toBe(1)
    const now = JSON.parse(
      await exportSituationPicture(app.store.db, {
        tenantId: T,
        asOf: '2024-01-20',
        area: 'torget',
        format: 'json',
      }),
    )
    expect(now.places.map((p: { placeId: string }) => p.placeId)).toEqual(['torget'])
  })

  it('turns a date the store cannot read into a UsageError', async () => {
    await expect(
      exportSituationPicture(app.store.db, { tenantId: T, asOf: '2024-13-45', format: 'csv' }),
    ).rejects.toThrow(UsageError)
  })
})

describe('exportTable over the same deployment', () => {
  const cut = { tenant: T, 'known-at': '2024-02-01T00:00:00+01:00' }

  it('renders places as GeoJSON with the counts of the period at the cut', async () => {
    const geo = JSON.parse(
      await exportTable(app.store, 'places', { ...cut, 'as-of': '2024-01-20' }),
    )
    expect(geo.type).toBe('FeatureCollection')
    const count = (id: string) =>
      geo.features.find((f: { id: string }) => f.id === id)?.properties.count
    expect([count('park'), count('torget')]).toEqual([5, 1])
    const later = JSON.parse(
      await exportTable(app.store, 'places', { tenant: T, 'as-of': '2024-01-20', area: 'torget' }),
    )
    expect(later.features.map((f: { id: string }) => f.id)).toEqual(['torget'])
  })

  it('renders a trend per period, with and without the late report', async () => {
    const q = { place: 'park', from: '2024-01-01', to: '2024-01-28', categories: 'graffiti' }
    const rows = (csv: string) =>
      csv
        .trimEnd()
        .split('\r\n')
        .map((l) => l.split(','))
    const atCut = rows(await exportTable(app.store, 'trend', { ...cut, ...q }))
    expect(atCut[0]?.slice(0, 4)).toEqual(['start', 'end', 'count', 'graffiti'])
    expect(atCut.slice(1).map((r) => r[2])).toEqual(['2', '5'])
    const now = rows(await exportTable(app.store, 'trend', { tenant: T, ...q }))
    expect(now.slice(1).map((r) => r[2])).toEqual(['2', '12'])
  })

  it('renders the measure register and the insecurity table, empty here but with their headers', async () => {
    expect(await exportTable(app.store, 'measures', { tenant: T })).toMatch(/^measure_id,title,/)
    expect(await exportTable(app.store, 'insecurity', { tenant: T })).toMatch(
      /^area_id,year,source,suppressed,n,share,[^\r]*\r\n$/,
    )
    const json = JSON.parse(
      await exportTable(app.store, 'insecurity', { tenant: T, format: 'json' }),
    )
    expect(json.cells).toEqual([])
  })

  it('answers missing or malformed flags with a UsageError', async () => {
    const trend = { tenant: T, from: '2024-01-01', to: '2024-01-28' }
    for (const [kind, args] of [
      ['trend', trend],
      ['trend', { ...trend, place: 'park', area: 'centrum' }],
      ['trend', { ...trend, place: 'park', bucket: 'week' }],
      ['places', { tenant: T }],
      ['places', { tenant: T, 'as-of': '2024-02-30' }],
      ['insecurity', { tenant: T, year: '24' }],
      ['insecurity', { tenant: T, format: 'xlsx' }],
      ['insecurity', { tenant: T, 'min-cell-size': '0' }],
      ['measures', { tenant: T, 'known-at': 'yesterday' }],
      ['measures', {}],
    ] as const) {
      await expect(
        exportTable(app.store, kind, args),
        `${kind} ${JSON.stringify(args)}`,
      ).rejects.toThrow(UsageError)
    }
  })
})
