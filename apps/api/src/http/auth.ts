import type { MiddlewareHandler } from 'hono'
import { can, type Permission } from '../auth/permissions.js'
import type { Principal, TokenStore } from '../auth/token-store.js'
import { problemResponse, problemType } from './problem.js'

/** Variables the auth middleware sets on the context. */
export type AuthEnv = { Variables: { principal: Principal } }

/**
 * Bearer-token authentication: every /v1 route needs a live token. The tenant always comes from
 * the token, never from the request, so no parameter can reach another tenant's data.
 */
export function authenticate(tokens: TokenStore): MiddlewareHandler<AuthEnv> {
  return async (c, next): Promise<Response | undefined> => {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    const principal = match?.[1] ? await tokens.authenticate(match[1]) : undefined
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer realm="lagesbild"')
      return problemResponse(c, {
        type: problemType('unauthorized'),
        title: 'Unauthorized',
        status: 401,
        detail: match
          ? 'The bearer token is unknown or revoked.'
          : 'Send Authorization: Bearer <token>.',
      })
    }
    c.set('principal', principal)
    await next()
    return undefined
  }
}

/** Rejects callers whose role lacks `permission` with 403 problem+json. */
export function requirePermission(permission: Permission): MiddlewareHandler<AuthEnv> {
  return async (c, next): Promise<Response | undefined> => {
    const principal = c.get('principal')
    if (!can(principal.role, permission)) {
      return problemResponse(c, {
        type: problemType('forbidden'),
        title: 'Forbidden',
        status: 403,
        detail: `The role '${principal.role}' may not do this (needs '${permission}').`,
      })
    }
    await next()
    return undefined
  }
}
