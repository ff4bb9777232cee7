import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** Prefix that makes leaked tokens easy to recognise by secret scanners. */
const PREFIX = 'lb_'

/**
 * Creates a new bearer token. Only its hash is ever stored.
 *
 * Tokens carry 256 bits from the OS CSPRNG, so a single SHA-256 is enough to store them safely:
 * slow password hashes (scrypt, argon2) protect low-entropy secrets against guessing, which
 * does not apply here, and a fast hash keeps every authenticated request cheap.
 *
 * @example
 * const { token, hash } = newToken()
 * // hand `token` to the user once; persist `hash`
 */
export function newToken(): { readonly token: string; readonly hash: string } {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`
  return { token, hash: hashToken(token) }
}

/** SHA-256 of the token, hex encoded: the only form a token is stored in. */
export const hashToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex')

/** Constant-time comparison of two hex hashes of equal length. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y)
}

/** Whether a string has the shape of one of our tokens (cheap pre-check before any lookup). */
export const looksLikeToken = (value: string): boolean => /^lb_[A-Za-z0-9_-]{43}$/.test(value)
