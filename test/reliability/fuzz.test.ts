import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { TokenRole } from '@lagesbild/api'
import { openTestApi, type TestApi } from '@lagesbild/api/testing'
import { READ_MODELS } from '@lagesbild/application'
import { type ImportKind, importCsv } from '@lagesbild/importers'
import { importPublicSource } from '@lagesbild/public-sources'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from './harness.js'

// Hostile input must never hurt the store: every request below is malformed, oversized, wrongly
// typed, wrongly encoded or hostile, and each must get a 4xx problem+json (never a 5xx, never a
// crash) and leave the log exactly as it was. Seeds are fixed so a failure replays; the seed and
// the counterexample are printed by fast-check.
const SEED = 20_261_124
const CRIME_CODE_KEY = join(
  ROOT,
  '../shared/data/real/brottskod_kategori_nyckel_region_dalarna.csv',
)
const REQUESTS = 10_000
const TENANT = 'fuzz'

const HOSTILE: readonly string[] = [
  "' or 1=1 --",
  "'); drop table events; --",
  '"; select pg_sleep(10); --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%00',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '𝕃ägesbild',
  '=cmd|" /C calc"!A0',
  '__proto__',
  'constructor',
  '{"__proto__":{"admin":true}}',
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  ' ',
  '',
  '19121212-1212',
  'a'.repeat(5000),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection payload, literally
  '${jndi:ldap://x}',
  '{{7*7}}',
]

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
)

const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(hostileString, fc.constantFrom('type', 'data', '__proto__')),
      tie('value'),
      {
        maxKeys: 5,
      },
    ),
  ),
})).value

/** Request bodies: broken JSON, wrong types, deep nesting, invalid UTF-8, huge, or near-valid. */
const body = (commandTypes: readonly string[]): fc.Arbitrary<Uint8Array | string | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    jsonish.map((v) => JSON.stringify(v) ?? 'undefined'),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 300 }),
    // Invalid UTF-8 and UTF-16 with a BOM.
    fc.constant(Uint8Array.from([0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe, 0x7b, 0x00])),
    fc.constant(`${'['.repeat(5000)}${']'.repeat(5000)}`),
    fc.constant(JSON.stringify({ pad: 'x'.repeat(70 * 1024) })),
    fc
      .record({ type: fc.constantFrom(...commandTypes), data: jsonish })
      .map((v) => JSON.stringify(v)),
  )

/** A path parameter as a client could send it, including raw invalid percent-encodings. */
const pathSegment = (value: string): string => {
  try {
    return encodeURIComponent(value)
  } catch {
    return '%ED%A0%80%ZZ%C3%28' // a lone surrogate has no UTF-8: send invalid escapes instead
  }
}

interface Operation {
  readonly method: string
  readonly path: string
}

let api: TestApi
let operations: Operation[]
let commandTypes: string[]
const tokens: Record<string, string> = {}

const eventTotal = async () =>
  Number(
    (
      await sql<{ n: string }>`select count(*)::text as n from events`.execute(
        api.lagesbild.store.db,
      )
    ).rows[0]?.n,
  )

/**
 * md5 over every read-model table of the store: equal fingerprints, equal contents. Read models
 * are derived data, so after any request they must equal a rebuild from the log.
 */
const readModelFingerprint = async (): Promise<Record<string, string>> => {
  const db = api.lagesbild.store.db
  const tables = await sql<{ name: string }>`select table_name as name
    from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
      and table_name not in ('events', 'checkpoints', 'kysely_migration', 'kysely_migration_lock')
      and table_name not like 'api\_%' and table_name not like '%\_next'
    order by 1`.execute(db)
  const out: Record<string, string> = {}
  for (const { name } of tables.rows) {
    const r = await sql<{ n: string; h: string | null }>`select count(*)::text as n,
      md5(string_agg(t::text, '|' order by t::text)) as h from ${sql.table(name)} t`.execute(db)
    out[name] = `${r.rows[0]?.n}:${r.rows[0]?.h}`
  }
  return out
}

beforeAll(async () => {
  // Limits would turn most authenticated requests into 429s and hide the handlers behind them.
  api = await openTestApi({ rateLimit: { limit: 1_000_000, windowMs: 60_000 } })
  const coordinator = { organisationId: 'municipality', role: 'coordinator' as const }
  for (const data of [
    {
      placeId: 'kommun',
      name: 'Kommun',
      level: 'municipality',
      kind: 'municipality',
      parentId: null,
    },
    { placeId: 'centrum', name: 'Centrum', level: 'area', kind: 'district', parentId: 'kommun' },
    { placeId: 'park', name: 'Parken', level: 'place', kind: 'park', parentId: 'centrum' },
  ]) {
    await api.lagesbild.execute({ type: 'RegisterPlace', data } as never, {
      tenantId: TENANT,
      actor: coordinator,
    })
  }
  for (const role of ['reporter', 'coordinator', 'analyst', 'evaluator', 'admin'] as TokenRole[]) {
    tokens[role] = await api.token(TENANT, 'municipality', role)
  }
  const spec = (await (await api.app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>
    components?: { schemas?: Record<string, { oneOf?: { $ref?: string }[] }> }
  }
  operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
  )
  commandTypes = [
    'RegisterPlace',
    'SubmitReport',
    'CorrectObservation',
    'RetractReport',
    'ProposeMeasure',
    'SetReportingCadence',
  ]
}, 120_000)
afterAll(async () => api?.lagesbild.close())

describe('fuzzing every endpoint', () => {
  it(`answers ${REQUESTS} hostile requests with 4xx problem+json and writes nothing`, async () => {
    expect(operations.length).toBeGreaterThan(20)
    const before = await eventTotal()
    const statuses = new Map<number, number>()
    const request = fc.record({
      op: fc.constantFrom(...operations),
      param: hostileString,
      query: fc.array(fc.tuple(hostileString, hostileString), { maxLength: 4 }),
      // Mostly valid tokens, so the fuzz reaches validation and handlers, not only the auth gate.
      token: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...Object.values(tokens)) },
        { weight: 1, arbitrary: fc.constantFrom('', 'Bearer', 'Bearer x', `Basic ${btoa('a:b')}`) },
        { weight: 1, arbitrary: hostileString.map((s) => `Bearer ${s}`) },
      ),
      contentType: fc.constantFrom(
        'application/json',
        'application/json',
        'application/json',
        'text/csv',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-16',
        '',
      ),
      body: body(commandTypes),
      ifMatch: fc.option(hostileString, { nil: undefined }),
      idempotencyKey: fc.option(hostileString, { nil: undefined }),
    })
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const path = r.op.path.replace(/\{[^}]+\}/g, () => pathSegment(r.param))
        const search = new URLSearchParams(r.query).toString()
        const headers: Record<string, string> = {}
        if (r.token) headers.authorization = r.token.startsWith('B') ? r.token : `Bearer ${r.token}`
        if (r.contentType) headers['content-type'] = r.contentType
        const safeHeader = (v: string) => v.replace(/[^\x20-\x7e]/g, '?')
        if (r.ifMatch !== undefined) headers['if-match'] = safeHeader(r.ifMatch)
        if (r.idempotencyKey !== undefined)
          headers['idempotency-key'] = safeHeader(r.idempotencyKey)
        if (headers.authorization) headers.authorization = safeHeader(headers.authorization)
        const hasBody = r.op.method !== 'GET' && r.op.method !== 'HEAD'
        const count = await eventTotal()
        const res = await api.app.request(`${path}${search ? `?${search}` : ''}`, {
          method: r.op.method,
          headers,
          ...(hasBody && r.body !== undefined ? { body: r.body } : {}),
        })
        const text = await res.text()
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        expect(res.status, `${r.op.method} ${path}: ${text.slice(0, 300)}`).toBeLessThan(500)
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toContain('application/problem+json')
          expect(text).not.toMatch(/\n\s+at /) // no stack traces
          expect(await eventTotal()).toBe(count)
        }
      }),
      { seed: SEED, numRuns: REQUESTS, endOnFailure: true },
    )
    console.info(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`)
    // Random requests can be valid (a place named '<script>' is a fine name); they are counted,
    // and everything else was refused without a write.
    const written = (await eventTotal()) - before
    expect(written).toBeLessThanOrEqual(statuses.get(201) ?? 0)
    // Nor did any request leave a trace in the read models beside the log: they equal a rebuild.
    const live = await readModelFingerprint()
    expect(Object.keys(live).length).toBeGreaterThan(5)
    for (const model of READ_MODELS) await api.lagesbild.runner.rebuild(model.name)
    expect(await readModelFingerprint()).toEqual(live)
  })
})

describe('cases the fuzzer found', () => {
  it('a NUL in a path parameter or a JSON string is a 400, not a database error', async () => {
    const before = await eventTotal()
    const path = await api.app.request('/v1/measures/%00/effect', {
      headers: { authorization: `Bearer ${tokens.analyst}` },
    })
    expect(path.status).toBe(400)
    const body = await api.app.request('/v1/places', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.coordinator}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        placeId: 'nul',
        name: 'a\u0000b',
        level: 'place',
        kind: 'park',
        parentId: 'centrum',
      }),
    })
    expect(body.status).toBeGreaterThanOrEqual(400)
    expect(body.status).toBeLessThan(500)
    expect(await eventTotal()).toBe(before)
  })
})

describe('fuzzing every importer', () => {
  const KINDS: ImportKind[] = [
    'places',
    'reports',
    'measures',
    'survey-responses',
    'survey-results',
  ]
  const csvLine = fc
    .array(fc.oneof(hostileString, fc.constantFrom('2024-03-01', '1,5', 'park', '"', '""', ';')), {
      maxLength: 14,
    })
    .map((cells) => cells.join(fc.sample(fc.constantFrom(',', ';'), 1)[0]))
  const csvFile = fc.oneof(
    fc.array(csvLine, { maxLength: 8 }).map((lines) => Buffer.from(lines.join('\n'))),
    fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
    fc.constant(Buffer.from([0xef, 0xbb, 0xbf, 0xc3, 0x28, 0x0a, 0x00, 0x22])),
    fc.constant(Buffer.from('"unterminated,header\nx,y')),
    fc.constant(Buffer.from('')),
  )

  it('reports bad CSV as row errors, never throws, never writes (5 kinds × 300 files)', async () => {
    const before = await eventTotal()
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KINDS), csvFile, async (kind, file) => {
        const result = await importCsv(api.lagesbild.store, {
          tenantId: TENANT,
          kind,
          source: Readable.from([file]),
          actor: { organisationId: 'municipality', role: 'admin' },
        } as never)
        expect((result as { ok: boolean }).ok).toBe(false)
      }),
      { seed: SEED, numRuns: 1500, endOnFailure: true },
    )
    expect(await eventTotal()).toBe(before)
  })

  it('refuses malformed public-source files without writing (3 sources × 150 files)', async () => {
    const before = await eventTotal()
    const source = fc.constantFrom('bra-indicators', 'police-events', 'police-crimes')
    await fc.assert(
      fc.asyncProperty(source, csvFile, async (s, file) => {
        try {
          const result = await importPublicSource(api.lagesbild.store, {
            tenantId: TENANT,
            source: s,
            file: { text: file.toString('utf8') },
            // police-crimes needs its crime-code key: the real one, so only the delivery is hostile.
            options: s === 'police-crimes' ? { key: CRIME_CODE_KEY } : {},
          } as never)
          expect(JSON.stringify(result)).toBeTruthy()
        } catch (error) {
          // A refusal must be a typed, explained error, not a crash inside a parser.
          expect((error as Error).message.length).toBeGreaterThan(0)
          expect(error).not.toBeInstanceOf(TypeError)
          expect(error).not.toBeInstanceOf(RangeError)
        }
      }),
      { seed: SEED, numRuns: 450, endOnFailure: true },
    )
    expect(await eventTotal()).toBe(before)
  })
})
