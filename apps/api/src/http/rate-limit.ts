import type { MiddlewareHandler } from 'hono'
import { rateLimiter, type Store } from 'hono-rate-limiter'
import type { AuthEnv } from './auth.js'
import { problemResponse, problemType } from './problem.js'

/** The default budget: ten requests a second on average, bursts allowed within the minute. */
export const DEFAULT_RATE_LIMIT = { limit: 600, windowMs: 60_000 } as const

/**
 * Limits requests per bearer token (not per IP: partners often share one NAT), with the IETF
 * draft-7 `RateLimit` and `RateLimit-Policy` headers on every answer and 429 problem+json with
 * `Retry-After` beyond the limit. Runs after authentication, so the token is known.
 *
 * @param options limit and window in ms (default 600 a minute); `store` where the hits are
 *   counted (default: in this process; `ClusterRateStore` shares one count across the workers
 *   of `serve --workers N`)
 * @throws Error when limit or windowMs is not a positive integer
 * @example app.use('/v1/*', authenticate(tokens), perTokenRateLimit({ limit: 100, windowMs: 60_000 }))
 */
export function perTokenRateLimit(
  options: {
    readonly limit: number
    readonly windowMs: number
    readonly store?: Store<AuthEnv>
  } = DEFAULT_RATE_LIMIT,
): MiddlewareHandler<AuthEnv> {
  for (const [name, value] of Object.entries({
    limit: options.limit,
    windowMs: options.windowMs,
  })) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(`rateLimit.${name} must be a positive integer, got ${value}`)
    }
  }
  return rateLimiter<AuthEnv>({
    windowMs: options.windowMs,
    limit: options.limit,
    ...(options.store === undefined ? {} : { store: options.store }),
    standardHeaders: 'draft-7',
    keyGenerator: (c) => c.get('principal').tokenId,
    handler: (c) =>
      problemResponse(c, {
        type: problemType('rate-limited'),
        title: 'Too many requests',
        status: 429,
        detail: `At most ${options.limit} requests per ${options.windowMs / 1000} s per token. Retry after the time in Retry-After.`,
      }) as never,
  }) as MiddlewareHandler<AuthEnv>
}
