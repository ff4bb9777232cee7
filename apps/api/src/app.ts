import { OpenAPIHono } from '@hono/zod-openapi'
import { problemResponse, problemType } from './http/problem.js'

/** What the app needs from the outside world; everything else is built from it. */
export interface AppDeps {
  /** Reported at /health so operators see which backend a process runs on. */
  readonly backend: 'pglite' | 'postgres' | 'none'
  /** A cheap liveness probe of the store, e.g. `select 1`. */
  readonly ping?: () => Promise<void>
  readonly version?: string
}

/**
 * Builds the HTTP application. No port is opened here: tests call `app.request()`.
 *
 * @param deps the store and settings the routes use
 * @example
 * const app = createApp({ backend: 'pglite', ping: () => store.ping() })
 * const res = await app.request('/health')
 */
export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono()

  app.get('/health', async (c) => {
    try {
      await deps.ping?.()
      return c.json({ status: 'ok', backend: deps.backend, version: deps.version ?? '0.1.0' })
    } catch {
      // Never leak driver messages to clients; the server log has them.
      return problemResponse(c, {
        type: problemType('unavailable'),
        title: 'Service unavailable',
        status: 503,
        detail: 'The event store did not answer.',
      })
    }
  })

  app.notFound((c) =>
    problemResponse(c, {
      type: problemType('not-found'),
      title: 'Not found',
      status: 404,
      detail: `No route for ${c.req.method} ${new URL(c.req.url).pathname}`,
    }),
  )

  app.onError((_error, c) =>
    problemResponse(c, {
      type: problemType('internal'),
      title: 'Internal server error',
      status: 500,
      detail: 'The request could not be completed. The server log has the details.',
    }),
  )

  return app
}
