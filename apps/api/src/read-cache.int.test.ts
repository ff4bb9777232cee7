// The read cache serves an answer again only while the data it was computed from is unchanged.
import { toNewEvent } from '@lagesbild/application'
import { CURRENT_SCHEMA_VERSIONS, DomainEvent } from '@lagesbild/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'
import { IdempotencyStore } from './http/idempotency.js'
import { openTestApi, type TestApi } from './testing/setup.js'

let api: TestApi
let analyst: string
const PICTURE = '/v1/situation-picture?asOf=2025-10-01'

/** A one-observation graffiti report at the park. */
const report = (reportId: string, count: number, date: string) => ({
  reportId,
  reporterOrganisationId: 'housing-company',
  observations: [
    {
      observationId: 'o1',
      kind: 'disorder',
      categoryCode: 'graffiti',
      placeId: 'gastisparken',
      occurredOn: { precision: 'exact', date },
      count,
      certainty: 'observed',
      policeReported: 'no',
    },
  ],
})

/** A report written straight into the store, as an import by another process would. */
const appendElsewhere = async (reportId: string, count: number): Promise<void> => {
  const event = DomainEvent.parse({
    type: 'ReportSubmitted',
    data: report(reportId, count, '2025-09-26'),
    metadata: {
      eventId: crypto.randomUUID(),
      tenantId: 'demo',
      recordedAt: new Date().toISOString(),
      actor: { organisationId: 'housing-company', role: 'system' },
      correlationId: crypto.randomUUID(),
      causationId: null,
      schemaVersion: CURRENT_SCHEMA_VERSIONS.ReportSubmitted,
    },
  })
  await api.lagesbild.store.append(
    { tenantId: 'demo', streamId: `report-${reportId}` },
    [toNewEvent(event)],
    { expectedVersion: 'no-stream' },
  )
}

const totals = async (res: Response) =>
  ((await res.json()) as { totals: { count: number } }).totals.count

beforeAll(async () => {
  api = await openTestApi({ demoTenant: 'demo' })
  analyst = await api.token('demo', 'municipality', 'analyst')
}, 120_000)
afterAll(async () => api?.lagesbild.close())

describe('read cache', () => {
  it('serves the same answer again, and 304 on its ETag', async () => {
    const first = await api.call(`${PICTURE}&area=centrum`, analyst)
    expect(first.headers.get('x-cache')).toBe('miss')
    const body = await first.text()
    const second = await api.call(`${PICTURE}&area=centrum`, analyst)
    expect(second.headers.get('x-cache')).toBe('hit')
    expect(await second.text()).toBe(body)
    const etag = second.headers.get('etag') as string
    const again = await api.call(`${PICTURE}&area=centrum`, analyst, {
      headers: { 'if-none-match': etag },
    })
    expect(again.status).toBe(304)
  })

  it('keeps callers apart: another role or organisation gets its own answer', async () => {
    await api.call('/v1/measures', analyst)
    expect((await api.call('/v1/measures', analyst)).headers.get('x-cache')).toBe('hit')
    const coordinator = await api.token('demo', 'municipality', 'coordinator')
    expect((await api.call('/v1/measures', coordinator)).headers.get('x-cache')).toBe('miss')
    const police = await api.token('demo', 'police', 'analyst')
    expect((await api.call('/v1/measures', police)).headers.get('x-cache')).toBe('miss')
  })

  it('recomputes after a write through the API', async () => {
    const before = await totals(await api.call(PICTURE, analyst))
    expect((await api.call(PICTURE, analyst)).headers.get('x-cache')).toBe('hit')
    const reporter = await api.token('demo', 'housing-company', 'reporter')
    const write = await api.call('/v1/reports', reporter, {
      method: 'POST',
      body: JSON.stringify(report('cache-r1', 3, '2025-09-25')),
    })
    expect(write.status, await write.clone().text()).toBe(201)
    const after = await api.call(PICTURE, analyst)
    expect(after.headers.get('x-cache')).toBe('miss')
    expect(await totals(after)).toBe(before + 3)
  })

  it('recomputes after events written by another process once the read models follow', async () => {
    const before = await totals(await api.call(PICTURE, analyst))
    expect((await api.call(PICTURE, analyst)).headers.get('x-cache')).toBe('hit')
    // An import elsewhere: straight into the store, then the background runner catches up.
    await appendElsewhere('cache-elsewhere', 5)
    // The tenant's log moved, so the answer is recomputed at once; the read models have not
    // followed yet, and when their checkpoints move it is recomputed again.
    expect((await api.call(PICTURE, analyst)).headers.get('x-cache')).toBe('miss')
    await api.lagesbild.runner.catchUp()
    const after = await api.call(PICTURE, analyst)
    expect(after.headers.get('x-cache')).toBe('miss')
    expect(await totals(after)).toBe(before + 5)
  })

  it('can be turned off, and never keeps an answer past its time to live', async () => {
    const idempotency = new IdempotencyStore(api.lagesbild.store.db)
    const base = {
      backend: 'pglite',
      lagesbild: api.lagesbild,
      tokens: api.tokens,
      idempotency,
    } as const
    const off = createApp({ ...base, readCache: false })
    const expired = createApp({ ...base, readCache: { ttlMs: 0 } })
    const get = (app: typeof off) =>
      app.request(PICTURE, { headers: { authorization: `Bearer ${analyst}` } })
    for (let i = 0; i < 2; i++) {
      expect((await get(off)).headers.get('x-cache')).toBeNull()
      expect((await get(expired)).headers.get('x-cache')).toBe('miss')
    }
  })

  it('asks the database for the version when other processes may write (a server store)', async () => {
    // As on PostgreSQL: no write generation, so every read checks the log and checkpoints.
    const { writeGeneration: _, ...store } = api.lagesbild.store
    const app = createApp({
      backend: 'postgres',
      lagesbild: { ...api.lagesbild, store },
      tokens: api.tokens,
      idempotency: new IdempotencyStore(api.lagesbild.store.db),
    })
    const get = () => app.request(PICTURE, { headers: { authorization: `Bearer ${analyst}` } })
    const before = await totals(await get())
    expect((await get()).headers.get('x-cache')).toBe('hit')
    await appendElsewhere('cache-server', 2)
    expect((await get()).headers.get('x-cache')).toBe('miss')
    await api.lagesbild.runner.catchUp()
    const after = await get()
    expect(after.headers.get('x-cache')).toBe('miss')
    expect(await totals(after)).toBe(before + 2)
  })
})
