import type { OpenAPIHono } from '@hono/zod-openapi'
import { type Lagesbild, openLagesbild, READ_MODELS } from '@lagesbild/application'
import { generateDemo, toAppendBatches } from '@lagesbild/demo-data'
import { createThrowawayDatabase } from '@lagesbild/event-store/testing'
import { createApp } from '../app.js'
import type { TokenRole } from '../auth/permissions.js'
import { TokenStore } from '../auth/token-store.js'
import { IdempotencyStore } from '../http/idempotency.js'

/** An in-memory deployment with its app, for one test file. */
export interface TestApi {
  readonly lagesbild: Lagesbild
  readonly app: OpenAPIHono
  readonly tokens: TokenStore
  /** Creates a token and returns its clear text. */
  readonly token: (tenantId: string, organisationId: string, role: TokenRole) => Promise<string>
  /** `app.request` with a bearer token and a JSON body. */
  readonly call: (path: string, token: string | undefined, init?: RequestInit) => Promise<Response>
  /**
   * Registers places through `POST /v1/places` as the tenant's coordinator, in order (a parent
   * before its children); throws with the answer on anything but 201.
   */
  readonly registerPlaces: (
    tenantId: string,
    places: readonly Readonly<Record<string, unknown>>[],
  ) => Promise<void>
  /** Events of a tenant in the log (to check that a refused write wrote nothing). */
  readonly eventCount: (tenantId: string) => Promise<number>
}

/**
 * Which backend `openTestApi` uses: PGlite in memory, unless `LAGESBILD_API_TEST_BACKEND` is
 * 'postgres' (the reliability suite runs the API suites once more on a PostgreSQL server so).
 */
const testBackend = (): 'pglite' | 'postgres' =>
  process.env.LAGESBILD_API_TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite'

/**
 * Opens the deployment (see `testBackend`; PostgreSQL in a throwaway database dropped on
 * close), migrates the token and idempotency tables and builds the app.
 * @param options.demoTenant seeds the demo municipality into this tenant first
 */
export async function openTestApi(
  options: {
    readonly demoTenant?: string
    readonly rateLimit?: { readonly limit: number; readonly windowMs: number }
  } = {},
): Promise<TestApi> {
  const backend = testBackend()
  const throwaway = backend === 'postgres' ? await createThrowawayDatabase() : undefined
  const opened = await openLagesbild(
    { options: throwaway ? { databaseUrl: throwaway.url } : { memory: true } },
    { background: false },
  )
  const lagesbild: Lagesbild = throwaway
    ? {
        ...opened,
        close: async () => {
          await opened.close()
          await throwaway.drop()
        },
      }
    : opened
  if (options.demoTenant) {
    const demo = generateDemo({ tenantId: options.demoTenant })
    for (const batch of toAppendBatches(demo.log)) await lagesbild.store.appendMany(batch as never)
    // A bulk load: the set-based rebuild is far faster than replaying event by event.
    for (const model of READ_MODELS) await lagesbild.runner.rebuild(model.name)
    await lagesbild.runner.catchUp()
  }
  const tokens = new TokenStore(lagesbild.store.db)
  const idempotency = new IdempotencyStore(lagesbild.store.db)
  await tokens.migrate()
  await idempotency.migrate()
  const app = createApp({
    backend,
    lagesbild,
    tokens,
    idempotency,
    maxBodyBytes: 64 * 1024,
    logError: () => {},
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  })
  const call = async (path: string, token: string | undefined, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    })
  return {
    lagesbild,
    app,
    tokens,
    call,
    token: async (tenantId, organisationId, role) =>
      (await tokens.create({ tenantId, organisationId, role })).token,
    registerPlaces: async (tenantId, places) => {
      const { token } = await tokens.create({
        tenantId,
        organisationId: 'municipality',
        role: 'coordinator',
      })
      for (const place of places) {
        const res = await call('/v1/places', token, { method: 'POST', body: JSON.stringify(place) })
        if (res.status !== 201) throw new Error(`place ${place.placeId}: ${await res.text()}`)
      }
    },
    eventCount: async (tenantId) => {
      let n = 0
      let after = 0
      for (;;) {
        const page = await lagesbild.store.readAll({ tenantId, after, limit: 1000 })
        n += page.length
        if (page.length < 1000) return n
        after = page[page.length - 1]?.globalPosition ?? after
      }
    },
  }
}
