import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { EventStore } from '@lagesbild/event-store'
import { testBackends } from '@lagesbild/event-store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportCsvOptions } from './import/types.js'
import { importCsv } from './import-csv.js'

const SAMPLES = resolve(fileURLToPath(import.meta.url), '../../../../docs/samples')
const NOW = '2024-12-01T12:00:00+01:00'
const actor = { organisationId: 'kommunen', role: 'system' } as const

const countEvents = async (store: EventStore, tenantId: string, type?: string) => {
  let q = store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
  if (type !== undefined) q = q.where('type', '=', type)
  return Number((await q.executeTakeFirstOrThrow()).n)
}

/** Registers the organisations the sample files name, as the API would. */
const seedOrganisations = async (store: EventStore, tenantId: string) => {
  const orgs = ['kommunen', 'bostadsbolaget', 'polisen']
  await store.appendMany(
    orgs.map((organisationId) => ({
      tenantId,
      streamId: `organisation-${organisationId}`,
      expectedVersion: 'no-stream' as const,
      events: [
        {
          eventId: randomUUID(),
          type: 'OrganisationRegistered',
          schemaVersion: 1,
          data: { organisationId, name: organisationId, kind: 'other' },
          metadata: {},
          recordedAt: '2024-01-01T00:00:00Z',
        },
      ],
    })),
  )
}

let tenantCounter = 0
const newTenant = () => `t${++tenantCounter}`

// One folder per test file, removed at the end, so runs leave nothing behind in /tmp.
const scratch = mkdtempSync(join(tmpdir(), 'lagesbild-importers-'))
afterAll(() => rm(scratch, { recursive: true, force: true }))

const tmpFile = async (name: string, content: string | Buffer): Promise<string> => {
  const path = join(scratch, name)
  await writeFile(path, content)
  return path
}

describe.each(await testBackends())('importCsv on $name', (backend) => {
  let store: EventStore
  const run = (
    tenantId: string,
    kind: ImportCsvOptions['kind'],
    source: ImportCsvOptions['source'],
    extra: Partial<ImportCsvOptions> = {},
  ) => importCsv(store, { tenantId, kind, source, actor, now: NOW, ...extra })

  const seedTenant = async (): Promise<string> => {
    const tenantId = newTenant()
    await seedOrganisations(store, tenantId)
    const places = await run(tenantId, 'places', join(SAMPLES, 'places.csv'))
    expect(places).toMatchObject({ ok: true, rows: 7, appended: 7 })
    return tenantId
  }

  beforeAll(async () => {
    if (backend.skipReason === undefined) store = await backend.open()
  })
  afterAll(async () => {
    await store?.close()
  })

  it.skipIf(backend.skipReason !== undefined)('imports every sample file', async () => {
    const tenantId = await seedTenant()
    const polygon = await store.db
      .selectFrom('events')
      .select('data')
      .where('tenant_id', '=', tenantId)
      .where('stream_id', '=', 'place-gastisparken')
      .executeTakeFirstOrThrow()
    expect(polygon.data).toMatchObject({
      name: 'Gästisparken',
      kind: 'park',
      point: { lat: 58.3251 },
    })
    expect((polygon.data.polygon as { type: string }).type).toBe('Polygon')

    const reports = await run(tenantId, 'reports', join(SAMPLES, 'reports.csv'))
    expect(reports).toMatchObject({ ok: true, rows: 6, events: 4, appended: 4, skipped: 0 })
    const [r1] = await store.readStream({ tenantId, streamId: 'report-r-2024-001' })
    expect(r1?.data).toMatchObject({
      reporterOrganisationId: 'bostadsbolaget',
      observations: [
        {
          observationId: 'o1',
          categoryCode: 'vandalism',
          count: 2,
          certainty: 'observed',
          occurredOn: { precision: 'exact', time: '21:30' },
        },
        {
          observationId: 'o2',
          categoryCode: 'graffiti',
          policeReported: 'unknown',
          occurredOn: { precision: 'part-of-day', partOfDay: 'evening' },
        },
      ],
    })
    // The submission time is the knowledge time of historical reports (Swedish local time).
    expect(Date.parse(r1?.recordedAt ?? '')).toBe(Date.parse('2024-03-04T09:15:00+01:00'))
    const [r2] = await store.readStream({ tenantId, streamId: 'report-r-2024-002' })
    expect(r2?.data).toMatchObject({
      observations: [
        {
          certainty: 'suspected',
          categoryCode: 'open-drug-dealing',
          occurredOn: { precision: 'time-window', until: '2024-03-04', untilTime: '01:30' },
        },
      ],
    })

    const measures = await run(tenantId, 'measures', join(SAMPLES, 'measures.csv'))
    expect(measures).toMatchObject({ ok: true, rows: 3, events: 3 + 3 + 2 })
    const m1 = await store.readStream({ tenantId, streamId: 'measure-m-2024-01' })
    expect(m1.map((e) => e.type)).toEqual([
      'MeasureProposed',
      'MeasureDecided',
      'MeasureStarted',
      'MeasureCompleted',
    ])

    const results = await run(tenantId, 'survey-results', join(SAMPLES, 'survey-results.csv'))
    expect(results).toMatchObject({ ok: true, rows: 5, events: 2 })
    const [ntu] = await store.readStream({ tenantId, streamId: 'survey-ntu-2023' })
    expect(ntu?.data).toMatchObject({
      survey: { name: 'NTU', kind: 'ntu' },
      chunk: { index: 0, count: 1 },
      content: {
        format: 'aggregates',
        aggregates: [{ estimate: 24.8, ciLower: 21.2, ciUpper: 28.4, n: 612 }, {}, {}],
      },
    })

    const responses = await run(tenantId, 'survey-responses', join(SAMPLES, 'survey-responses.csv'))
    expect(responses).toMatchObject({ ok: true, rows: 6, events: 1 })
    const [wave] = await store.readStream({ tenantId, streamId: 'survey-mjolby-2024' })
    expect(wave?.data).toMatchObject({
      content: {
        format: 'respondents',
        respondents: [
          {
            respondentId: 'resp-0001',
            sex: 'female',
            weight: 1.27,
            answers: { 'otrygg-kvall': 4, 'oro-brott': 3 },
          },
          { respondentId: 'resp-0002', answers: { 'oro-brott': null } },
          { respondentId: 'resp-0003', area: { label: 'Övriga Mjölby' } },
        ],
      },
    })
  })

  it.skipIf(backend.skipReason !== undefined)(
    'adds nothing when the same file is imported twice',
    async () => {
      const tenantId = await seedTenant()
      const first = await run(tenantId, 'reports', join(SAMPLES, 'reports.csv'))
      const before = await countEvents(store, tenantId)
      const second = await run(tenantId, 'reports', join(SAMPLES, 'reports.csv'), {
        now: '2024-12-02T08:00:00+01:00',
      })
      expect(first).toMatchObject({ ok: true, appended: 4 })
      expect(second).toMatchObject({ ok: true, events: 4, appended: 0, skipped: 4 })
      expect(await countEvents(store, tenantId)).toBe(before)
      const places = await run(tenantId, 'places', join(SAMPLES, 'places.csv'))
      expect(places).toMatchObject({ ok: true, appended: 0, skipped: 7 })
      // Measures write follow-up events into the streams they create: those are looked up.
      const measures = join(SAMPLES, 'measures.csv')
      expect(await run(tenantId, 'measures', measures)).toMatchObject({ ok: true, appended: 8 })
      expect(await run(tenantId, 'measures', measures)).toMatchObject({ ok: true, skipped: 8 })
      const survey = join(SAMPLES, 'survey-responses.csv')
      expect(await run(tenantId, 'survey-responses', survey)).toMatchObject({ appended: 1 })
      expect(await run(tenantId, 'survey-responses', survey)).toMatchObject({ skipped: 1 })
    },
  )

  it.skipIf(backend.skipReason !== undefined)(
    'answers a file that is not CSV (a quote opening mid-field) with its line, not a throw',
    async () => {
      const tenantId = await seedTenant()
      const before = (await store.readAll({ tenantId, limit: 10_000 })).length
      const csv = `${readFileSync(join(SAMPLES, 'reports.csv'), 'utf8').split('\n')[0]}\nr-1,bo"stad\n`
      const result = await run(tenantId, 'reports', Readable.from([Buffer.from(csv, 'utf8')]))
      expect(result).toMatchObject({ ok: false, totalErrors: 1, errors: [{ row: 2, column: '' }] })
      expect((await store.readAll({ tenantId, limit: 10_000 })).length).toBe(before)
    },
  )

  it.skipIf(backend.skipReason !== undefined)(
    'refuses a row whose cells no longer line up with its header, and writes nothing',
    async () => {
      const tenantId = await seedTenant()
      const before = await countEvents(store, tenantId)
      const lines = readFileSync(join(SAMPLES, 'reports.csv'), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
      const fromLines = (text: string) => Readable.from([Buffer.from(text, 'utf8')])
      const misfit = {
        ok: false,
        totalErrors: 1,
        errors: [{ column: '', reason: expect.stringContaining('where the header has 14') }],
      }

      // A note with an unquoted comma: read as the note's first half and one more cell.
      const unquoted = lines.map((line) =>
        line.replace(
          '"Samlingar vid entrén, flera personer"',
          'Samlingar vid entrén, flera personer',
        ),
      )
      expect(unquoted).not.toEqual(lines)
      expect(await run(tenantId, 'reports', fromLines(`${unquoted.join('\n')}\n`))).toMatchObject({
        ...misfit,
        errors: [{ ...misfit.errors[0], row: 4 }],
      })

      // CRLF rows with one bare LF: rows 3 and 4 are read as one record.
      const mixed = `${lines.slice(0, 3).join('\r\n')}\n${lines.slice(3).join('\r\n')}\r\n`
      expect(await run(tenantId, 'reports', fromLines(mixed))).toMatchObject({
        ...misfit,
        errors: [{ ...misfit.errors[0], row: 3 }],
      })
      expect(await countEvents(store, tenantId)).toBe(before)

      // Trailing empty cells, as spreadsheets sometimes write them, are harmless.
      const trailing = lines.map((line, i) => (i === 0 ? line : `${line},,`))
      expect(
        await run(tenantId, 'reports', fromLines(`${trailing.join('\r\n')}\r\n`)),
      ).toMatchObject({ ok: true, rows: 6, appended: 4 })
    },
  )

  it.skipIf(backend.skipReason !== undefined)(
    'accepts semicolons, a BOM, decimal commas and å ä ö from a stream',
    async () => {
      const tenantId = await seedTenant()
      const csv =
        '\ufeffSurvey;Year;Area;Indicator;Estimate;CI lower;CI upper;N\n' +
        'Trygghetsmätning Ödeshög;2024;Åby;otrygg;1,25;1,1;1,4;90\n'
      const result = await run(
        tenantId,
        'survey-results',
        Readable.from([Buffer.from(csv, 'utf8')]),
      )
      expect(result).toMatchObject({ ok: true, rows: 1, appended: 1 })
      const [event] = await store.readStream({
        tenantId,
        streamId: 'survey-trygghetsmatning-odeshog-2024',
      })
      expect(event?.data).toMatchObject({
        survey: { name: 'Trygghetsmätning Ödeshög' },
        content: { aggregates: [{ area: { label: 'Åby' }, estimate: 1.25, ciLower: 1.1, n: 90 }] },
      })
    },
  )

  it.skipIf(backend.skipReason !== undefined)(
    'lists every bad row with its column and writes nothing',
    async () => {
      const tenantId = await seedTenant()
      const before = await countEvents(store, tenantId)
      const header =
        'report_id,organisation_id,submitted_at,place_id,occurred_on,category,count,certainty,note'
      const csv = [
        header,
        'r1,polisen,2024-03-04,resecentrum,2024-03-02,klotter,1,observerad,ok',
        'r2,polisen,2024-03-04,okand-plats,2024-03-02,klotter,1,observerad,',
        'r3,polisen,2024-03-04,resecentrum,2024-02-30,klotter,1,observerad,',
        'r4,polisen,2024-03-04,resecentrum,2024-03-02,inget-sadant,0,kanske,',
        'r5,polisen,2024-03-04,resecentrum,2024-03-02,klotter,1,observerad,sågs av 811218-9876 vid entrén',
        'r1,polisen,2024-03-04,resecentrum,2024-03-02,klotter,1,observerad,',
      ].join('\n')
      const result = await run(tenantId, 'reports', await tmpFile('bad.csv', csv))
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.errors.map((e) => [e.row, e.column])).toEqual([
        [3, 'place_id'],
        [4, 'occurred_on'],
        [5, 'category'],
        [5, 'count'],
        [5, 'certainty'],
        [6, 'note'],
        [7, 'report_id'],
      ])
      expect(result.totalErrors).toBe(7)
      expect(JSON.stringify(result)).not.toContain('811218')
      expect(await countEvents(store, tenantId)).toBe(before)
    },
  )

  it.skipIf(backend.skipReason !== undefined)(
    'completes an import killed between chunks, without duplicates',
    async () => {
      const tenantId = await seedTenant()
      const lines = [
        'report_id;organisation_id;submitted_at;place_id;occurred_on;category;count;certainty',
      ]
      for (let i = 0; i < 500; i++) {
        const place = i % 2 === 0 ? 'resecentrum' : 'gallerian'
        lines.push(
          `r${Math.floor(i / 2)};polisen;2024-03-04 10:00;${place};2024-03-0${1 + (i % 3)};klotter;${1 + (i % 4)};observerad`,
        )
      }
      const path = await tmpFile('crash.csv', lines.join('\n'))
      const crash = run(tenantId, 'reports', path, {
        chunkRows: 100,
        onChunk: (chunk) => {
          if (chunk.index === 2) throw new Error('killed')
        },
      })
      await expect(crash).rejects.toThrow('killed')
      const partial = await countEvents(store, tenantId, 'ReportSubmitted')
      // Two committed chunks of 100 rows: 99 whole reports (the 100th closes in chunk 3).
      expect(partial).toBe(99)
      const resumed = await run(tenantId, 'reports', path, { chunkRows: 100 })
      expect(resumed).toMatchObject({
        ok: true,
        rows: 500,
        events: 250,
        skipped: 99,
        appended: 151,
      })
      expect(await countEvents(store, tenantId, 'ReportSubmitted')).toBe(250)
    },
  )

  it.skipIf(backend.skipReason !== undefined)(
    'resolves forward references in a places file and refuses unknown or foreign ones',
    async () => {
      const tenantId = await seedTenant()
      // A place registered elsewhere (the API) must not be registered again by a file.
      await store.append(
        { tenantId, streamId: 'place-torget' },
        [
          {
            eventId: randomUUID(),
            type: 'PlaceRegistered',
            schemaVersion: 1,
            data: {
              placeId: 'torget',
              name: 'Torget',
              level: 'place',
              kind: 'square',
              parentId: 'centrum',
            },
            metadata: {},
            recordedAt: '2024-01-01T00:00:00Z',
          },
        ],
        { expectedVersion: 'no-stream' },
      )
      const csv = [
        'Place ID,Name,Kind,Area,Buffer of',
        'skolgarden,Skolgården,skolgård,norr,',
        'norr,Norr,stadsdel,mjolby,skolgarden|saknas',
        'torget,Torget,torg,centrum,',
      ].join('\n')
      const result = await run(tenantId, 'places', await tmpFile('places-refs.csv', csv))
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.errors).toEqual([
        { row: 3, column: 'Buffer of', reason: 'place "saknas" is not registered' },
        {
          row: 4,
          column: '',
          reason: 'place-torget already exists in the tenant (not from this import)',
        },
      ])
      const fixed = csv.replace('|saknas', '').replace(/\ntorget.*$/, '')
      expect(await run(tenantId, 'places', await tmpFile('places-ok.csv', fixed))).toMatchObject({
        ok: true,
        appended: 2,
      })
    },
  )

  it.skipIf(backend.skipReason !== undefined)(
    'refuses a misspelt header, measure steps out of order and scattered respondents',
    async () => {
      const tenantId = await seedTenant()
      const header = await run(
        tenantId,
        'reports',
        await tmpFile('hdr.csv', 'report_id,organisation,place_id\n'),
      )
      expect(header.ok ? [] : header.errors.map((e) => [e.row, e.column])).toEqual([
        [1, 'organisation'],
        [1, 'organisation_id'],
        [1, 'submitted_at'],
        [1, 'occurred_on'],
        [1, 'category'],
        [1, 'certainty'],
      ])
      const measures = [
        'measure_id;title;owner_organisation_id;type;place_ids;target_categories;decided_on;started_on;ended_on',
        'm1;Belysning;kommunen;belysning;gastisparken;klotter;;2024-03-01;',
        'm2;Belysning;kommunen;belysning;gastisparken;klotter;2024-03-01;2024-02-01;2030-01-01',
      ].join('\n')
      const m = await run(tenantId, 'measures', await tmpFile('m.csv', measures))
      expect(m.ok ? [] : m.errors.map((e) => [e.row, e.column])).toEqual([
        [2, 'started_on'],
        [3, 'started_on'],
        [3, 'ended_on'],
      ])
      const responses = [
        'survey,year,area,respondent_id,question,answer',
        'Enkät,2024,Centrum,a,q1,1',
        'Enkät,2024,Centrum,b,q1,2',
        'Enkät,2024,Centrum,a,q2,3',
      ].join('\n')
      const r = await run(tenantId, 'survey-responses', await tmpFile('resp.csv', responses))
      expect(r.ok ? [] : r.errors.map((e) => [e.row, e.column])).toEqual([[4, 'respondent_id']])
      expect(await countEvents(store, tenantId, 'MeasureProposed')).toBe(0)
    },
  )

  it.skipIf(backend.skipReason !== undefined)('reports progress in both phases', async () => {
    const tenantId = await seedTenant()
    const seen: string[] = []
    await run(tenantId, 'reports', join(SAMPLES, 'reports.csv'), {
      progressEvery: 2,
      onProgress: (p) => seen.push(`${p.phase}:${p.rows}`),
    })
    expect(seen).toEqual([
      'validate:2',
      'validate:4',
      'validate:6',
      'validate:6',
      'write:2',
      'write:4',
      'write:6',
      'write:6',
    ])
  })
})
