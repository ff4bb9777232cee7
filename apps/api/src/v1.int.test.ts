import { type Lagesbild, openLagesbild } from '@lagesbild/application'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, IdempotencyStore, TokenStore } from './index.js'

let lagesbild: Lagesbild
let app: ReturnType<typeof createApp>
const tokens: Record<string, string> = {}

const call = (path: string, token: string | undefined, init: RequestInit = {}) =>
  app.request(path, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  })

const post = (token: string | undefined, command: unknown, headers: Record<string, string> = {}) =>
  call('/v1/commands', token, { method: 'POST', body: JSON.stringify(command), headers })

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

const report = (reportId: string, note?: string) => ({
  type: 'SubmitReport',
  data: {
    reportId,
    reporterOrganisationId: 'housing',
    observations: [
      {
        observationId: 'o1',
        kind: 'disorder',
        categoryCode: 'graffiti',
        placeId: 'park',
        occurredOn: { precision: 'exact', date: '2024-03-10' },
        count: 3,
        certainty: 'observed',
        policeReported: 'no',
        ...(note ? { note } : {}),
      },
    ],
  },
})

beforeAll(async () => {
  lagesbild = await openLagesbild(
    { options: { memory: true } },
    { background: false, now: () => new Date('2024-03-15T10:00:00Z') },
  )
  const tokenStore = new TokenStore(lagesbild.store.db)
  const idempotency = new IdempotencyStore(lagesbild.store.db)
  await tokenStore.migrate()
  await idempotency.migrate()
  for (const [name, tenantId, organisationId, role] of [
    ['coordinator', 'mjolby', 'municipality', 'coordinator'],
    ['reporter', 'mjolby', 'housing', 'reporter'],
    ['analyst', 'mjolby', 'police', 'analyst'],
    ['otherTenant', 'linkoping', 'municipality', 'coordinator'],
  ] as const) {
    tokens[name] = (await tokenStore.create({ tenantId, organisationId, role })).token
  }
  app = createApp({
    backend: 'pglite',
    lagesbild,
    tokens: tokenStore,
    idempotency,
    maxBodyBytes: 64 * 1024,
    logError: () => {},
  })
  for (const cmd of [
    place('mjolby', 'municipality', null),
    place('centrum', 'area', 'mjolby'),
    place('park', 'place', 'centrum'),
    {
      type: 'RegisterOrganisation',
      data: { organisationId: 'housing', name: 'Bostadsbolaget', kind: 'housing-company' },
    },
  ]) {
    const res = await post(tokens.coordinator, cmd)
    expect(res.status, await res.clone().text()).toBe(201)
  }
})
afterAll(async () => lagesbild?.close())

describe('/v1 authentication and authorisation', () => {
  it('401 problem+json without a token or with an unknown one', async () => {
    for (const token of [undefined, 'lb_nope']) {
      const res = await post(token, report('x'))
      expect(res.status).toBe(401)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(res.headers.get('www-authenticate')).toContain('Bearer')
    }
  })

  it('403 when the role may not run the command, and nothing is written', async () => {
    const res = await post(tokens.reporter, place('school', 'place', 'centrum'))
    expect(res.status).toBe(403)
    const analyst = await post(tokens.analyst, report('r-analyst'))
    expect(analyst.status).toBe(403)
  })

  it("keeps tenants apart: another tenant's coordinator cannot reference this tenant's places", async () => {
    const res = await post(tokens.otherTenant, place('park-2', 'place', 'centrum'))
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    const feed = await call('/v1/events?after=0&limit=1000', tokens.otherTenant)
    const { events } = (await feed.json()) as { events: unknown[] }
    expect(events).toEqual([])
  })
})

describe('/v1/commands', () => {
  it('accepts a report and answers with positions and an ETag', async () => {
    const res = await post(tokens.reporter, report('r1', 'Klotter på muren vid lekplatsen'))
    expect(res.status).toBe(201)
    expect(res.headers.get('etag')).toBe('"1"')
    const body = (await res.json()) as { streamId: string; events: { type: string }[] }
    expect(body.streamId).toBe('report-r1')
    expect(body.events[0]?.type).toBe('ReportSubmitted')
  })

  it('replays an Idempotency-Key retry without writing again', async () => {
    const headers = { 'idempotency-key': 'retry-1' }
    const first = await post(tokens.reporter, report('r2'), headers)
    const second = await post(tokens.reporter, report('r2'), headers)
    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    expect(await second.json()).toEqual(await first.json())
    const reused = await post(tokens.reporter, report('r3'), headers)
    expect(reused.status).toBe(422)
  })

  it('412 on a stale If-Match', async () => {
    const res = await post(
      tokens.reporter,
      { type: 'RetractReport', data: { reportId: 'r1', reason: 'duplicate' } },
      { 'if-match': '"5"' },
    )
    expect(res.status).toBe(412)
  })

  it('400 problem+json with field paths for a malformed command', async () => {
    const res = await post(tokens.reporter, { type: 'SubmitReport', data: { reportId: 7 } })
    expect(res.status).toBe(400)
    const problem = (await res.json()) as { errors: { path: string }[] }
    expect(problem.errors.length).toBeGreaterThan(0)
    expect(problem.errors[0]?.path).toMatch(/^json\./)
  })

  it('400 for unreadable JSON and 413 for oversized bodies', async () => {
    const bad = await call('/v1/commands', tokens.reporter, {
      method: 'POST',
      body: '{"type":',
      headers: { 'content-type': 'application/json' },
    })
    expect(bad.status).toBe(400)
    const big = await call('/v1/commands', tokens.reporter, {
      method: 'POST',
      body: JSON.stringify({ pad: 'x'.repeat(70 * 1024) }),
      headers: { 'content-type': 'application/json' },
    })
    expect(big.status).toBe(413)
  })

  it('rejects a note with a personal identity number and does not echo it', async () => {
    const res = await post(tokens.reporter, report('r4', 'Personen 19811218-9876 var där'))
    expect(res.status).toBe(422)
    const text = await res.text()
    expect(JSON.parse(text).type).toContain('personal-identity-number')
    expect(text).not.toContain('9876')
  })
})

describe('/v1/events feed', () => {
  it("hides other organisations' notes from analysts but shows them to coordinators", async () => {
    const analyst = (await (
      await call('/v1/events?after=0&limit=1000', tokens.analyst)
    ).json()) as {
      events: { type: string; data: { observations?: { note?: string }[] } }[]
    }
    const coordinator = (await (
      await call('/v1/events?after=0&limit=1000', tokens.coordinator)
    ).json()) as typeof analyst
    const notes = (feed: typeof analyst) =>
      feed.events.flatMap((e) => e.data.observations ?? []).filter((o) => o.note !== undefined)
    expect(notes(analyst)).toEqual([])
    expect(notes(coordinator).length).toBe(1)
  })
})

describe('documentation', () => {
  it('serves OpenAPI 3.1 and a docs page whose assets come from the app', async () => {
    const spec = (await (await app.request('/openapi.json')).json()) as {
      openapi: string
      paths: object
    }
    expect(spec.openapi).toBe('3.1.0')
    expect(Object.keys(spec.paths)).toContain('/v1/commands')
    const page = await (await app.request('/docs')).text()
    expect(page).not.toMatch(/https?:\/\/(cdn|unpkg)/)
    const css = await app.request('/docs/swagger-ui-dist/swagger-ui.css')
    expect(css.status).toBe(200)
  })
})

describe('/v1 reads', () => {
  it('serves the situation picture for a date with an ETag, and 304 when unchanged', async () => {
    const res = await call('/v1/situation-picture?asOf=2024-03-12', tokens.analyst)
    expect(res.status, await res.clone().text()).toBe(200)
    const picture = (await res.json()) as { period: { start: string }; knownAt: string }
    expect(picture.period.start <= '2024-03-12').toBe(true)
    const etag = res.headers.get('etag') ?? ''
    const again = await call('/v1/situation-picture?asOf=2024-03-12', tokens.analyst, {
      headers: { 'if-none-match': etag },
    })
    // knownAt defaults to now, so the same request gives the same body while nothing is written.
    expect([200, 304]).toContain(again.status)
  })

  it('answers a malformed date with 400 problem+json naming the field', async () => {
    const res = await call('/v1/situation-picture?asOf=2024-13-45', tokens.analyst)
    expect(res.status).toBe(400)
    const problem = (await res.json()) as { errors: { path: string }[] }
    expect(problem.errors[0]?.path).toBe('query.asOf')
  })

  it('serves a place trend with zero buckets', async () => {
    const res = await call(
      '/v1/places/park/trend?from=2024-01-01&to=2024-06-30&bucket=month',
      tokens.analyst,
    )
    expect(res.status, await res.clone().text()).toBe(200)
    const trend = (await res.json()) as { points: { start: string; count: number }[] }
    expect(trend.points).toHaveLength(6)
    expect(trend.points.find((p) => p.start === '2024-03-01')?.count).toBeGreaterThan(0)
    expect(trend.points.find((p) => p.start === '2024-01-01')?.count).toBe(0)
  })
})
