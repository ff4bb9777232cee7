import { isDomainError } from '@lagesbild/domain'
import { isWrongExpectedVersionError } from '@lagesbild/event-store'
import type { Problem } from './problem.js'
import { problemType } from './problem.js'

const KIND_STATUS: Readonly<Record<string, number>> = {
  validation: 422,
  'not-found': 404,
  conflict: 409,
  forbidden: 403,
}

/**
 * A database "data exception" (SQLSTATE class 22: a NUL character, an untranslatable character,
 * a number out of range, a malformed date) raised by a value the client sent. The statement
 * failed, so its transaction wrote nothing: it is the client's bad input, not a server fault.
 */
export const isDataException = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)
}

/** The problem for input the database could not take (see `isDataException`). */
export const dataExceptionProblem: Problem = {
  type: problemType('invalid-input'),
  title: 'Invalid input',
  status: 400,
  detail:
    'A value in the request cannot be stored or compared (for example a NUL character, invalid text encoding, or a number or date out of range).',
}

/**
 * Maps the errors commands throw to problem details, in one place. Anything unknown is a 500
 * whose details stay in the server log.
 */
export function problemFor(error: unknown, conditional: boolean): Problem {
  if (isDataException(error)) return dataExceptionProblem
  if (isDomainError(error)) {
    const status = KIND_STATUS[error.kind] ?? 422
    return {
      type: problemType(error.code),
      title: error.code.replaceAll('-', ' '),
      status,
      detail: error.message,
    }
  }
  if (isWrongExpectedVersionError(error)) {
    return conditional
      ? {
          type: problemType('precondition-failed'),
          title: 'Precondition failed',
          status: 412,
          detail: `The resource changed: it is at version ${error.actual}. Read it again and retry with If-Match: "${error.actual}".`,
          currentVersion: error.actual,
        }
      : {
          type: problemType('concurrent-update'),
          title: 'Concurrent update',
          status: 409,
          detail: 'Another request changed the same resource at the same time. Retry.',
        }
  }
  return {
    type: problemType('internal'),
    title: 'Internal server error',
    status: 500,
    detail: 'The request could not be completed. The server log has the details.',
  }
}
