import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { can, type Permission, TOKEN_ROLES, type TokenRole } from './auth/permissions.js'
import { WRITE_ALIASES } from './routes/resources.js'
import { COMMAND_PERMISSION } from './routes/v1.js'
import { openTestApi, type TestApi } from './testing/setup.js'

/*
 * Access is tested from one table of every /v1 operation. The table is checked against the
 * OpenAPI document, so a route added without an entry here fails the first test.
 */

const TENANT = 'mjolby'
const OTHER = 'linkoping'
let api: TestApi
let seq = 0
const unique = (prefix: string) => `${prefix}-${++seq}`

/** A request that is valid for its schema; ids are fresh so successful writes do not collide. */
interface Endpoint {
  /** What the role needs; `own-org` writes also need the caller's organisation to own the report. */
  readonly permission: Permission
  /** Path with ids filled in (ids of this tenant). */
  readonly path: () => string
  readonly body?: () => unknown
  /** A non-JSON body (e.g. a CSV upload) with its content type. */
  readonly raw?: { readonly type: string; readonly body: () => string }
}

const observation = () => ({
  observationId: unique('o'),
  kind: 'disorder',
  categoryCode: 'graffiti',
  placeId: 'park',
  occurredOn: { precision: 'exact', date: '2024-03-10' },
  count: 1,
  certainty: 'observed',
  policeReported: 'no',
})
const reportData = (organisation = 'housing') => ({
  reportId: unique('r'),
  reporterOrganisationId: organisation,
  observations: [observation()],
})
const placeData = () => ({
  placeId: unique('pl'),
  name: 'Skolgård',
  level: 'place',
  kind: 'school-yard',
  parentId: 'centrum',
})
const measureData = () => ({
  measureId: unique('m'),
  title: 'Belysning',
  type: 'lighting',
  ownerOrganisationId: 'municipality',
  placeIds: ['park'],
  targetCategories: ['graffiti'],
})
const waveData = () => ({
  waveId: unique('w'),
  survey: { name: 'Trygghetsenkät', kind: 'municipal' },
  year: 2024,
  fieldwork: { from: '2024-09-15', to: '2024-10-31' },
  indicators: [
    {
      indicatorId: 'unsafe-share',
      label: 'Andel otrygga',
      scale: { min: 0, max: 1, direction: 'higher-is-worse', unit: 'share' },
    },
  ],
  content: {
    format: 'aggregates',
    aggregates: [
      {
        area: { placeId: 'centrum', label: 'Centrum' },
        indicatorId: 'unsafe-share',
        estimate: 0.2,
        ciLower: 0.16,
        ciUpper: 0.24,
        n: 400,
      },
    ],
  },
})

// The survey-results format of docs/import-formats.md, for a place this test registers.
const SURVEY_RESULTS_CSV = [
  'survey,survey_kind,year,wave,area,place_id,indicator,indicator_label,estimate,ci_lower,ci_upper,n,scale_min,scale_max,direction,unit',
  'NTU,ntu,2024,ntu-2024,Centrum,centrum,unsafe-share,Andel otrygga,0.21,0.17,0.25,410,0,1,higher-is-worse,share',
  '',
].join('\n')

const COMMAND_BODIES: Record<string, () => unknown> = {
  RegisterPlace: placeData,
  ChangePlace: () => ({ name: 'Parken' }),
  RegisterOrganisation: () => ({
    organisationId: unique('org'),
    name: 'Räddningstjänsten',
    kind: 'rescue-service',
  }),
  SetReportingCadence: () => ({
    intervalDays: 14,
    anchorDate: '2024-01-01',
    effectiveFrom: '2024-01-01',
  }),
  SubmitReport: () => reportData(),
  CorrectObservation: () => ({ observation: { ...observation(), observationId: 'o1' } }),
  RetractReport: () => ({ reason: 'duplicate' }),
  IdentifyProblem: () => ({
    problemId: unique('p'),
    title: 'Klotter i parken',
    placeIds: ['park'],
    categoryCodes: ['graffiti'],
    identifiedOn: '2024-03-01',
  }),
  AnalyseProblem: () => ({
    analysedOn: '2024-03-05',
    triangle: { place: 'mörkt', offender: 'okända', target: 'muren' },
  }),
  CloseProblem: () => ({ closedOn: '2024-06-01', outcome: 'reduced' }),
  ProposeMeasure: measureData,
  DecideMeasure: () => ({ decidedOn: '2024-03-20' }),
  StartMeasure: () => ({ startedOn: '2024-04-01' }),
  CompleteMeasure: () => ({ completedOn: '2024-06-01' }),
  CancelMeasure: () => ({ cancelledOn: '2024-05-01', reason: 'ingen budget' }),
  EvaluateMeasure: () => ({
    evaluatedOn: '2024-08-01',
    verdict: 'promising',
    notes: 'Färre klotter efter belysningen.',
  }),
  ImportSurveyWave: waveData,
}

const ALIAS_IDS: Record<string, string> = {
  placeId: 'park',
  reportId: 'r-own',
  problemId: 'p-1',
  measureId: 'm-1',
}

const ENDPOINTS: Record<string, Endpoint> = {
  'GET /v1/situation-picture': {
    permission: 'read',
    path: () => '/v1/situation-picture?asOf=2024-03-12',
  },
  'GET /v1/places/{id}/trend': {
    permission: 'read',
    path: () => '/v1/places/park/trend?from=2024-01-01&to=2024-06-30&bucket=month',
  },
  'GET /v1/measures': { permission: 'read', path: () => '/v1/measures?asOf=2024-12-31' },
  'GET /v1/measures/{id}': { permission: 'read', path: () => '/v1/measures/m-1?asOf=2024-12-31' },
  'GET /v1/measures/{id}/effect': {
    permission: 'read',
    path: () => '/v1/measures/m-1/effect?asOf=2024-12-31&syntheticControl=false',
  },
  'GET /v1/insecurity': { permission: 'read', path: () => '/v1/insecurity' },
  'POST /v1/imports/{source}': {
    permission: 'coordinate',
    path: () => '/v1/imports/bra-indicators',
    // Only the header: a valid, empty table (nothing to import, nothing written).
    raw: { type: 'text/csv', body: () => '"geografi","enhet","ar","variabel","varde","kalla"\n' },
  },
  'GET /v1/categories': { permission: 'read', path: () => '/v1/categories' },
  'GET /v1/official-statistics/reconciliation': {
    permission: 'read',
    path: () => '/v1/official-statistics/reconciliation?area=park&from=2020&to=2024',
  },
  'GET /v1/official-statistics': {
    permission: 'read',
    path: () => '/v1/official-statistics?from=2020&to=2024',
  },
  'GET /v1/alerts': { permission: 'read', path: () => '/v1/alerts?asOf=2024-03-12' },
  'GET /v1/feedback': {
    permission: 'read',
    path: () => '/v1/feedback?from=2024-01-01&to=2024-06-30',
  },
  'GET /v1/situation-picture.csv': {
    permission: 'read',
    path: () => '/v1/situation-picture.csv?asOf=2024-03-12',
  },
  'GET /v1/places.geojson': {
    permission: 'read',
    path: () => '/v1/places.geojson?asOf=2024-03-12',
  },
  'GET /v1/places/{id}/trend.csv': {
    permission: 'read',
    path: () => '/v1/places/park/trend.csv?from=2024-01-01&to=2024-06-30&bucket=month',
  },
  'GET /v1/insecurity.csv': { permission: 'read', path: () => '/v1/insecurity.csv?year=2024' },
  'GET /v1/measures.csv': { permission: 'read', path: () => '/v1/measures.csv?asOf=2024-12-31' },
  'POST /v1/survey-waves.csv': {
    permission: 'coordinate',
    path: () => '/v1/survey-waves.csv?format=results',
    raw: { type: 'text/csv', body: () => SURVEY_RESULTS_CSV },
  },
  'GET /v1/events': { permission: 'read', path: () => '/v1/events?after=0&limit=1000' },
  'POST /v1/commands': {
    permission: 'report:write',
    path: () => '/v1/commands',
    body: () => ({ type: 'SubmitReport', data: reportData() }),
  },
  ...Object.fromEntries(
    WRITE_ALIASES.map((a) => [
      `${a.method.toUpperCase()} /v1${a.path}`,
      {
        permission: COMMAND_PERMISSION[a.command],
        path: () => `/v1${a.path.replace('{id}', a.idField ? (ALIAS_IDS[a.idField] ?? '') : '')}`,
        body: COMMAND_BODIES[a.command] as () => unknown,
      } satisfies Endpoint,
    ]),
  ),
}

const tokens: Record<string, string> = {}
const tokenOf = (role: TokenRole, tenant: 'own' | 'other', org = 'housing') =>
  tokens[`${role}/${tenant}/${org}`] as string

const send = (key: string, endpoint: Endpoint, token: string) => {
  const [method] = key.split(' ')
  if (endpoint.raw) {
    return api.call(endpoint.path(), token, {
      method: method as string,
      body: endpoint.raw.body(),
      headers: { 'content-type': endpoint.raw.type },
    })
  }
  const body = endpoint.body?.()
  return api.call(endpoint.path(), token, {
    method: method as string,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

beforeAll(async () => {
  api = await openTestApi()
  for (const role of TOKEN_ROLES) {
    for (const org of ['housing', 'police']) {
      tokens[`${role}/own/${org}`] = await api.token(TENANT, org, role)
      tokens[`${role}/other/${org}`] = await api.token(OTHER, org, role)
    }
  }
  const coordinator = tokenOf('coordinator', 'own')
  const setup: [string, unknown][] = [
    [
      '/v1/places',
      {
        placeId: 'mjolby',
        name: 'Mjölby',
        level: 'municipality',
        kind: 'municipality',
        parentId: null,
      },
    ],
    [
      '/v1/places',
      { placeId: 'centrum', name: 'Centrum', level: 'area', kind: 'district', parentId: 'mjolby' },
    ],
    [
      '/v1/places',
      { placeId: 'park', name: 'Parken', level: 'place', kind: 'park', parentId: 'centrum' },
    ],
    [
      '/v1/organisations',
      { organisationId: 'housing', name: 'Bostadsbolaget', kind: 'housing-company' },
    ],
    ['/v1/organisations', { organisationId: 'police', name: 'Polisen', kind: 'police' }],
    [
      '/v1/organisations',
      { organisationId: 'municipality', name: 'Kommunen', kind: 'municipality' },
    ],
    ['/v1/measures', { ...measureData(), measureId: 'm-1' }],
    ['/v1/problems', { ...(COMMAND_BODIES.IdentifyProblem?.() as object), problemId: 'p-1' }],
  ]
  for (const [path, body] of setup) {
    const res = await api.call(path, coordinator, { method: 'POST', body: JSON.stringify(body) })
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(201)
  }
  const report = await api.call('/v1/reports', tokenOf('reporter', 'own'), {
    method: 'POST',
    body: JSON.stringify({
      ...reportData(),
      reportId: 'r-own',
      observations: [{ ...observation(), observationId: 'o1', note: 'Klotter på muren' }],
    }),
  })
  expect(report.status, await report.clone().text()).toBe(201)
}, 120_000)
afterAll(async () => api?.lagesbild.close())

describe('the endpoint table', () => {
  it('covers every /v1 operation in the OpenAPI document', async () => {
    const spec = (await (await api.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    const operations = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort()
    expect(Object.keys(ENDPOINTS).sort()).toEqual(operations)
  })
})

describe('authorisation matrix: role × endpoint × own/other tenant', () => {
  for (const [key, endpoint] of Object.entries(ENDPOINTS)) {
    it(key, async () => {
      for (const role of TOKEN_ROLES) {
        const before = await api.eventCount(TENANT)
        const res = await send(key, endpoint, tokenOf(role, 'own'))
        const label = `${role} ${key}: ${res.status} ${await res.clone().text()}`
        expect(res.status, label).toBeLessThan(500)
        if (can(role, endpoint.permission)) {
          expect(res.status, label).not.toBe(401)
          expect(res.status, label).not.toBe(403)
        } else {
          expect(res.status, label).toBe(403)
          expect(res.headers.get('content-type')).toContain('application/problem+json')
          expect(await api.eventCount(TENANT), label).toBe(before)
        }
        // Another tenant's token: whatever it may do at home, nothing reaches this tenant.
        const other = await send(key, endpoint, tokenOf(role, 'other'))
        expect(other.status, `${role} other tenant ${key}`).toBeLessThan(500)
        expect(await api.eventCount(TENANT), `${role} other tenant ${key} wrote here`).toBe(
          before + (res.status === 201 ? 1 : 0) * (await createdEvents(res)),
        )
        if (other.ok && key.startsWith('GET')) {
          const text = await other.text()
          // Ids the request itself names may be echoed; nothing else of this tenant may show.
          const asked = endpoint.path()
          for (const id of ['r-own', 'Klotter på muren', '"park"', 'm-1', 'centrum']) {
            if (asked.includes(id.replaceAll('"', ''))) continue
            expect(text, `${role} other tenant ${key} sees ${id}`).not.toContain(id)
          }
        }
        if (key.startsWith('GET /v1/measures/')) expect(other.status).toBe(404)
      }
    })
  }

  it('requires a token on every endpoint', async () => {
    for (const [key, endpoint] of Object.entries(ENDPOINTS)) {
      const res = await send(key, endpoint, '')
      expect(res.status, key).toBe(401)
    }
  })
})

/** Events a 201 appended: a command lists them, an import counts them. */
const createdEvents = async (res: Response): Promise<number> => {
  if (res.status !== 201) return 0
  const body = (await res.clone().json()) as { events?: unknown[]; appended?: number }
  return body.events?.length ?? body.appended ?? 0
}

describe('own and other organisation', () => {
  it("a reporter may retract its own organisation's report but not another's", async () => {
    const fresh = reportData()
    const submitted = await api.call('/v1/reports', tokenOf('reporter', 'own'), {
      method: 'POST',
      body: JSON.stringify(fresh),
    })
    expect(submitted.status).toBe(201)
    const path = `/v1/reports/${fresh.reportId}/retraction`
    const body = JSON.stringify({ reason: 'duplicate' })
    const before = await api.eventCount(TENANT)
    const police = await api.call(path, tokenOf('reporter', 'own', 'police'), {
      method: 'POST',
      body,
    })
    expect(police.status, await police.clone().text()).toBe(403)
    expect(await api.eventCount(TENANT)).toBe(before)
    const own = await api.call(path, tokenOf('reporter', 'own'), { method: 'POST', body })
    expect(own.status, await own.clone().text()).toBe(201)
  })

  it("a reporter cannot submit in another organisation's name", async () => {
    const res = await api.call('/v1/reports', tokenOf('reporter', 'own', 'police'), {
      method: 'POST',
      body: JSON.stringify(reportData('housing')),
    })
    expect(res.status).toBe(403)
  })

  it('notes are shown to the submitting organisation and coordinators only', async () => {
    const notes = async (token: string) => {
      const res = await api.call('/v1/events?after=0&limit=1000', token)
      return (await res.text()).includes('Klotter på muren')
    }
    expect(await notes(tokenOf('reporter', 'own', 'housing'))).toBe(true)
    expect(await notes(tokenOf('coordinator', 'own'))).toBe(true)
    expect(await notes(tokenOf('reporter', 'own', 'police'))).toBe(false)
    expect(await notes(tokenOf('coordinator', 'own', 'police'))).toBe(true)
    expect(await notes(tokenOf('analyst', 'own', 'police'))).toBe(false)
    expect(await notes(tokenOf('evaluator', 'own', 'police'))).toBe(false)
    expect(await notes(tokenOf('coordinator', 'other'))).toBe(false)
  })
})

describe('resource-style writes share the command path', () => {
  it('honour If-Match and replay an Idempotency-Key retry without writing again', async () => {
    const coordinator = tokenOf('coordinator', 'own')
    const m = measureData()
    const proposed = await api.call('/v1/measures', coordinator, {
      method: 'POST',
      body: JSON.stringify(m),
    })
    expect(proposed.headers.get('etag')).toBe('"1"')
    const stale = await api.call(`/v1/measures/${m.measureId}/decision`, coordinator, {
      method: 'POST',
      body: JSON.stringify({ decidedOn: '2024-03-20' }),
      headers: { 'if-match': '"7"' },
    })
    expect(stale.status).toBe(412)
    const decide = () =>
      api.call(`/v1/measures/${m.measureId}/decision`, coordinator, {
        method: 'POST',
        body: JSON.stringify({ decidedOn: '2024-03-20' }),
        headers: { 'if-match': '"1"', 'idempotency-key': `decide-${m.measureId}` },
      })
    const first = await decide()
    expect(first.status, await first.clone().text()).toBe(201)
    const before = await api.eventCount(TENANT)
    const retry = await decide()
    expect(retry.status).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(await retry.json()).toEqual(await first.json())
    expect(await api.eventCount(TENANT)).toBe(before)
    // The register read shows the write at once (read-your-writes).
    const read = await api.call(`/v1/measures/${m.measureId}?asOf=2024-12-31`, coordinator)
    expect(((await read.json()) as { status: string }).status).toBe('decided')
  })

  it('reject an id in the path that the domain would not accept, naming the field', async () => {
    const res = await api.call('/v1/measures/NOT%20AN%20ID/start', tokenOf('coordinator', 'own'), {
      method: 'POST',
      body: JSON.stringify({ startedOn: '2024-04-01' }),
    })
    expect(res.status).toBe(400)
    const problem = (await res.json()) as { errors: { path: string }[] }
    expect(problem.errors.map((e) => e.path)).toEqual(['param.id'])
  })
})

describe('survey CSV upload', () => {
  it('imports published figures that the insecurity read shows at once; a re-send appends nothing', async () => {
    const send = () =>
      api.call('/v1/survey-waves.csv?format=results', tokenOf('coordinator', 'own'), {
        method: 'POST',
        body: SURVEY_RESULTS_CSV.replace('ntu-2024', 'ntu-2024-b').replaceAll('2024', '2023'),
        headers: { 'content-type': 'text/csv' },
      })
    const first = await send()
    expect(first.status, await first.clone().text()).toBe(201)
    expect(((await first.json()) as { appended: number }).appended).toBe(1)
    const again = (await (await send()).json()) as { appended: number; skipped: number }
    expect(again).toMatchObject({ appended: 0, skipped: 1 })
    const res = await api.call(
      '/v1/insecurity?indicator=unsafe-share&year=2023',
      tokenOf('analyst', 'own'),
    )
    const body = (await res.json()) as {
      cells: { areaId: string; year: number; source: string; share: number }[]
    }
    expect(body.cells).toEqual([
      expect.objectContaining({ areaId: 'centrum', year: 2023, source: 'published', share: 0.21 }),
    ])
  })

  it('answers a file with bad rows with 422 listing row and column, and writes nothing', async () => {
    const before = await api.eventCount(TENANT)
    const res = await api.call(
      '/v1/survey-waves.csv?format=results',
      tokenOf('coordinator', 'own'),
      {
        method: 'POST',
        body: SURVEY_RESULTS_CSV.replace(',0.21,', ',lots,'),
        headers: { 'content-type': 'text/csv' },
      },
    )
    expect(res.status).toBe(422)
    const problem = (await res.json()) as { errors: { path: string }[] }
    expect(problem.errors[0]?.path).toBe('row 2, column estimate')
    expect(await api.eventCount(TENANT)).toBe(before)
  })
})

describe('bad input on every write endpoint (property-based)', () => {
  const writes = Object.entries(ENDPOINTS).filter(([key]) => !key.startsWith('GET'))

  /** Replaces one field of a valid body with a value no schema field accepts. */
  const corrupt = (body: unknown, pick: number, junk: Record<string, unknown>): unknown => {
    if (typeof body !== 'object' || body === null) return junk
    const keys = Object.keys(body)
    const k = keys[pick % keys.length] as string
    return { ...body, [k]: { $bad: true, ...junk } }
  }

  /** Replaces one typed cell (kind, year, ids, numbers, enums) with text it cannot hold. */
  const TYPED_CELLS = [1, 2, 3, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15]
  const corruptCsv = (csv: string, pick: number, junk: Record<string, unknown>): string => {
    const [header, row] = csv.split('\n')
    const cells = (row as string).split(',')
    cells[TYPED_CELLS[pick % TYPED_CELLS.length] as number] =
      `x${Object.keys(junk).length}-${'é'.repeat(pick % 3)}!`
    return `${header}\n${cells.join(',')}\n`
  }

  const expectRefused = async (key: string, endpoint: Endpoint, raw: string) => {
    const res = await api.call(endpoint.path(), tokenOf('admin', 'own'), {
      method: key.split(' ')[0] as string,
      body: raw,
      ...(endpoint.raw ? { headers: { 'content-type': endpoint.raw.type } } : {}),
    })
    expect(res.status, `${key} ${raw.slice(0, 200)}`).toBeGreaterThanOrEqual(400)
    expect(res.status, `${key} ${raw.slice(0, 200)}`).toBeLessThan(500)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(await res.text()).not.toMatch(/\n\s+at /)
  }

  for (const [key, endpoint] of writes) {
    it(`${key}: never a 5xx, always problem+json 4xx, nothing written`, async () => {
      const before = await api.eventCount(TENANT)
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.jsonValue().map((v) => JSON.stringify(v)),
            fc.string().map((s) => `{"type":${s}`),
            fc
              .tuple(fc.nat(), fc.dictionary(fc.string({ maxLength: 8 }), fc.boolean()))
              .map(([pick, junk]) =>
                endpoint.raw
                  ? corruptCsv(endpoint.raw.body(), pick, junk)
                  : JSON.stringify(corrupt(endpoint.body?.(), pick, junk)),
              ),
          ),
          async (raw) => expectRefused(key, endpoint, raw),
        ),
        { numRuns: 25 },
      )
      expect(await api.eventCount(TENANT)).toBe(before)
    })
  }
})
