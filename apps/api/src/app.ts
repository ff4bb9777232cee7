import { OpenAPIHono } from '@hono/zod-openapi'
import { type Lagesbild, READ_MODELS } from '@lagesbild/application'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import type { Store } from 'hono-rate-limiter'
import type { TokenStore } from './auth/token-store.js'
import { type AuthEnv, authenticate } from './http/auth.js'
import { compressAnswers } from './http/compression.js'
import { dataExceptionProblem, isDataException } from './http/errors.js'
import type { IdempotencyStore } from './http/idempotency.js'
import { problemResponse, problemType } from './http/problem.js'
import { DEFAULT_RATE_LIMIT, perTokenRateLimit } from './http/rate-limit.js'
import { readCache } from './http/read-cache.js'
import { validationHook } from './http/validation.js'
import { analysisRoutes } from './routes/analysis.js'
import { mountDashboard } from './routes/dashboard.js'
import { mountDocs } from './routes/docs.js'
import { exportRoutes } from './routes/exports.js'
import { readRoutes } from './routes/reads.js'
import { resourceRoutes } from './routes/resources.js'
import { uploadRoutes } from './routes/uploads.js'
import { v1Routes } from './routes/v1.js'

/** What the app needs from the outside world; everything else is built from it. */
export interface AppDeps {
  /** Reported at /health so operators see which backend a process runs on. */
  readonly backend: 'pglite' | 'postgres' | 'none'
  /** A cheap liveness probe of the store. */
  readonly ping?: () => Promise<void>
  readonly version?: string
  /** The deployment behind /v1; without it only /health and the docs are served. */
  readonly lagesbild?: Lagesbild
  readonly tokens?: TokenStore
  readonly idempotency?: IdempotencyStore
  /** Request bodies above this many bytes get 413 (default 1 MiB). */
  readonly maxBodyBytes?: number
  /** Files sent to `POST /v1/imports/{source}` above this many bytes get 413 (default 32 MiB). */
  readonly maxUploadBytes?: number
  /** Origins allowed by CORS; none by default. */
  readonly corsOrigins?: readonly string[]
  /**
   * Requests per token and window (default 600 a minute); `false` turns limiting off. Counted
   * in this process's memory unless `rateLimitStore` says otherwise: `serve --workers N` shares
   * one count through the cluster's primary; separate hosts behind a balancer count apart.
   */
  readonly rateLimit?: { readonly limit: number; readonly windowMs: number } | false
  /** Where rate-limit hits are counted (default: this process; see `ClusterRateStore`). */
  readonly rateLimitStore?: Store<AuthEnv>
  /**
   * Read answers kept in this process and served again while the tenant's data is unchanged
   * (default on, 64 MiB, 60 s); `false` turns the cache off.
   */
  readonly readCache?: { readonly maxBytes?: number; readonly ttlMs?: number } | false
  /** Where unexpected errors are logged (default console.error). */
  readonly logError?: (error: unknown, requestId: string | undefined) => void
}

/**
 * Builds the HTTP application. No port is opened here: tests call `app.request()`.
 *
 * @param deps the deployment and settings the routes use
 * @example
 * const app = createApp({ backend: 'pglite', lagesbild, tokens, idempotency })
 * const res = await app.request('/health')
 */
export function createApp(deps: AppDeps): OpenAPIHono {
  const version = deps.version ?? '0.1.0'
  const app = new OpenAPIHono({ defaultHook: validationHook })
  const logError = deps.logError ?? ((error) => console.error(error))

  app.use('*', requestId())
  app.use('*', compressAnswers())
  // The dashboard and the API get a strict policy: scripts and styles only from this origin, no
  // inline code, no frames. swagger-ui's page at /docs needs inline script and style, so only it
  // gets those.
  const strictHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  })
  const docsHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      frameAncestors: ["'none'"],
    },
  })
  app.use('*', (c, next) =>
    (c.req.path === '/docs' || c.req.path.startsWith('/docs/') ? docsHeaders : strictHeaders)(
      c,
      next,
    ),
  )
  if (deps.corsOrigins?.length) {
    app.use('*', cors({ origin: [...deps.corsOrigins], exposeHeaders: ['ETag', 'RateLimit'] }))
  }
  const limit = (maxSize: number, what: string) =>
    bodyLimit({
      maxSize,
      onError: (c) =>
        problemResponse(c, {
          type: problemType('payload-too-large'),
          title: 'Payload too large',
          status: 413,
          detail: `${what} are limited to ${maxSize} bytes.`,
        }),
    })
  const bodies = limit(deps.maxBodyBytes ?? 1024 * 1024, 'Request bodies')
  // Public-source files (Brå's county table, a police delivery) run to a few MiB.
  const uploads = limit(deps.maxUploadBytes ?? 32 * 1024 * 1024, 'Uploaded files')
  app.use('*', (c, next) => (c.req.path.startsWith('/v1/imports/') ? uploads : bodies)(c, next))

  app.get('/health', async (c) => {
    try {
      await deps.ping?.()
      const projectionLeader = deps.lagesbild?.isProjectionLeader()
      return c.json({
        status: 'ok',
        backend: deps.backend,
        version,
        ...(projectionLeader === undefined ? {} : { projectionLeader }),
      })
    } catch (error) {
      logError(error, c.get('requestId'))
      // Never leak driver messages to clients; the server log has them.
      return problemResponse(c, {
        type: problemType('unavailable'),
        title: 'Service unavailable',
        status: 503,
        detail: 'The event store did not answer.',
      })
    }
  })

  if (deps.lagesbild && deps.tokens && deps.idempotency) {
    app.use('/v1/*', authenticate(deps.tokens))
    if (deps.rateLimit !== false) {
      app.use(
        '/v1/*',
        perTokenRateLimit({
          ...DEFAULT_RATE_LIMIT,
          ...(deps.rateLimitStore === undefined ? {} : { store: deps.rateLimitStore }),
          ...deps.rateLimit,
        }),
      )
    }
    if (deps.readCache !== false) {
      app.use(
        '/v1/*',
        readCache(deps.lagesbild.store.db, {
          readModels: READ_MODELS.map((m) => m.name),
          ...(deps.lagesbild.store.writeGeneration === undefined
            ? {}
            : { writeGeneration: deps.lagesbild.store.writeGeneration }),
          ...(deps.readCache ?? {}),
        }),
      )
    }
    app.route('/v1', v1Routes(deps.lagesbild, deps.idempotency))
    app.route('/v1', resourceRoutes(deps.lagesbild, deps.idempotency))
    app.route('/v1', uploadRoutes(deps.lagesbild))
    app.route('/v1', readRoutes(deps.lagesbild))
    app.route('/v1', analysisRoutes(deps.lagesbild))
    app.route('/v1', exportRoutes(deps.lagesbild))
  }
  mountDocs(app, version)
  mountDashboard(app)

  app.notFound((c) =>
    problemResponse(c, {
      type: problemType('not-found'),
      title: 'Not found',
      status: 404,
      detail: `No route for ${c.req.method} ${new URL(c.req.url).pathname}`,
    }),
  )

  app.onError((error, c) => {
    // Malformed JSON and similar client mistakes surface here as HTTPException 400.
    const status = (error as { status?: number }).status
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return problemResponse(c, {
        type: problemType('bad-request'),
        title: 'Bad request',
        status,
        detail: 'The request could not be read (malformed JSON or headers?).',
      })
    }
    if (isDataException(error)) return problemResponse(c, dataExceptionProblem)
    logError(error, c.get('requestId'))
    return problemResponse(c, {
      type: problemType('internal'),
      title: 'Internal server error',
      status: 500,
      detail: 'The request could not be completed. The server log has the details.',
      instance: c.get('requestId'),
    })
  })

  return app
}
