import { ClusterRateStore, createApp, IdempotencyStore, TokenStore } from '@lagesbild/api'
import { type Lagesbild, type OpenLagesbildOptions, openLagesbild } from '@lagesbild/application'
import { UsageError } from './errors.js'

/** Backend flags shared by every command that opens the store. */
export const backendArgs = {
  'data-dir': {
    type: 'string',
    description: 'PGlite data directory (default: LAGESBILD_DATA_DIR, else ./.lagesbild)',
  },
} as const

/** The environment the store is opened from, with --data-dir taking precedence. */
export function storeEnv(dataDir: string | undefined): NodeJS.ProcessEnv {
  if (dataDir !== undefined && process.env.DATABASE_URL) {
    throw new UsageError('Pass either --data-dir (PGlite) or DATABASE_URL (PostgreSQL), not both.')
  }
  return dataDir === undefined ? process.env : { ...process.env, LAGESBILD_DATA_DIR: dataDir }
}

/** Opens the deployment the environment names; the caller closes it. */
export const openFromEnv = (
  dataDir: string | undefined,
  options: Pick<OpenLagesbildOptions, 'background' | 'catchUp'> = {},
): Promise<Lagesbild> => openLagesbild({ env: storeEnv(dataDir) }, options)

/** The API's own tables (tokens, idempotency keys), created when missing. */
export async function apiStores(lagesbild: Lagesbild) {
  const tokens = new TokenStore(lagesbild.store.db)
  const idempotency = new IdempotencyStore(lagesbild.store.db)
  await tokens.migrate()
  await idempotency.migrate()
  return { tokens, idempotency }
}

/**
 * `LAGESBILD_RATE_LIMIT`: requests per token and minute, or `off` (e.g. behind a gateway that
 * limits, or for a load benchmark); unset keeps the API's default.
 * @throws UsageError for anything else
 */
export function rateLimitFromEnv(
  value: string | undefined,
): { limit: number; windowMs: number } | false | undefined {
  if (value === undefined || value.trim() === '') return undefined
  if (value.trim() === 'off') return false
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(
      `LAGESBILD_RATE_LIMIT must be 'off' or requests per minute (got '${value}').`,
    )
  }
  return { limit: n, windowMs: 60_000 }
}

/**
 * `LAGESBILD_READ_CACHE`: `off`, or the megabytes of read answers kept per process (default 64);
 * unset keeps the API's default.
 * @throws UsageError for anything else
 */
export function readCacheFromEnv(
  value: string | undefined,
): { maxBytes: number } | false | undefined {
  if (value === undefined || value.trim() === '') return undefined
  if (value.trim() === 'off') return false
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 65_536) {
    throw new UsageError(
      `LAGESBILD_READ_CACHE must be 'off' or megabytes 1–65536 (got '${value}').`,
    )
  }
  return { maxBytes: n * 1024 * 1024 }
}

/**
 * The HTTP app over an open deployment.
 * @param options `sharedRateLimit`: count rate-limit hits in the cluster's primary (a worker of
 *   `serve --workers N`) rather than in this process
 */
export async function appFor(
  lagesbild: Lagesbild,
  options: { readonly sharedRateLimit?: boolean } = {},
) {
  const { tokens, idempotency } = await apiStores(lagesbild)
  const corsOrigins = (process.env.LAGESBILD_CORS_ORIGINS ?? '').split(',').filter(Boolean)
  const rateLimit = rateLimitFromEnv(process.env.LAGESBILD_RATE_LIMIT)
  const readCache = readCacheFromEnv(process.env.LAGESBILD_READ_CACHE)
  return createApp({
    ...(rateLimit === undefined ? {} : { rateLimit }),
    ...(options.sharedRateLimit ? { rateLimitStore: new ClusterRateStore() } : {}),
    ...(readCache === undefined ? {} : { readCache }),
    backend: lagesbild.store.backend,
    ping: async () => {
      await lagesbild.store.streamVersion({ tenantId: '-', streamId: '-' })
    },
    lagesbild,
    tokens,
    idempotency,
    corsOrigins,
  })
}

/** Closes `resources` once on SIGINT/SIGTERM so PGlite's directory lock is released cleanly. */
export function closeOnSignal(close: () => Promise<void>): void {
  let closing = false
  const handler = (signal: NodeJS.Signals) => {
    if (closing) return
    closing = true
    console.error(`lagesbild: ${signal}, shutting down`)
    close()
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit(0))
  }
  process.once('SIGINT', handler)
  process.once('SIGTERM', handler)
}
