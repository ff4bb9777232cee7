/**
 * How the caller should treat an error; the API maps each kind to one HTTP status
 * (validation 422, not-found 404, conflict 409, forbidden 403, corrupt-event 500).
 */
export type DomainErrorKind =
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'forbidden'
  | 'corrupt-event'

const KIND_OF_CODE = {
  'invalid-command': 'validation',
  'unknown-place': 'validation',
  'unknown-category': 'validation',
  'unknown-organisation': 'validation',
  'unknown-problem': 'validation',
  'invalid-assessment': 'validation',
  'invalid-configuration': 'validation',
  'invalid-survey': 'validation',
  'end-before-start': 'validation',
  'date-in-future': 'validation',
  'personal-identity-number': 'validation',
  'report-not-found': 'not-found',
  'observation-not-found': 'not-found',
  'place-not-found': 'not-found',
  'measure-not-found': 'not-found',
  'problem-not-found': 'not-found',
  'report-retracted': 'conflict',
  'measure-lifecycle': 'conflict',
  'problem-lifecycle': 'conflict',
  'place-retired': 'conflict',
  'stream-exists': 'conflict',
  forbidden: 'forbidden',
  'invalid-event': 'corrupt-event',
} as const satisfies Record<string, DomainErrorKind>

/** Every error code a decider or `parseEvent` can throw. */
export type DomainErrorCode = keyof typeof KIND_OF_CODE

/** All error codes, e.g. for documenting the API's problem types. */
export const DOMAIN_ERROR_CODES = Object.keys(KIND_OF_CODE) as readonly DomainErrorCode[]

/**
 * A broken business rule. `message` is for people and never echoes sensitive input (such as a
 * personal identity number); `details` carries machine-readable context (field paths, ids).
 */
export class DomainError extends Error {
  override readonly name = 'DomainError'
  readonly code: DomainErrorCode
  readonly kind: DomainErrorKind
  readonly details: Readonly<Record<string, unknown>>

  /**
   * @param code the rule that was broken
   * @param message a human-readable explanation without sensitive input
   * @param details machine-readable context
   * @example throw new DomainError('unknown-place', 'Place "x" is not registered', { placeId: 'x' })
   */
  constructor(code: DomainErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.code = code
    this.kind = KIND_OF_CODE[code]
    this.details = Object.freeze({ ...details })
  }
}

/**
 * True for any DomainError, optionally of one code.
 * @param error anything caught
 * @param code restrict to this code
 * @example if (isDomainError(e, 'report-not-found')) return c.notFound()
 */
export const isDomainError = (error: unknown, code?: DomainErrorCode): error is DomainError =>
  error instanceof DomainError && (code === undefined || error.code === code)

/** True for errors the caller fixes by changing the request (HTTP 422). */
export const isValidationError = (error: unknown): error is DomainError =>
  isDomainError(error) && error.kind === 'validation'

/** True when the addressed report, measure, … does not exist (HTTP 404). */
export const isNotFoundError = (error: unknown): error is DomainError =>
  isDomainError(error) && error.kind === 'not-found'

/** True when the request clashes with the current state (HTTP 409). */
export const isConflictError = (error: unknown): error is DomainError =>
  isDomainError(error) && error.kind === 'conflict'

/** True when the actor may not do this (HTTP 403). */
export const isForbiddenError = (error: unknown): error is DomainError =>
  isDomainError(error) && error.kind === 'forbidden'
