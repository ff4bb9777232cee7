import { describe, expect, it } from 'vitest'
import {
  DOMAIN_ERROR_CODES,
  DomainError,
  isConflictError,
  isDomainError,
  isForbiddenError,
  isNotFoundError,
  isValidationError,
} from './errors.js'

describe('DomainError', () => {
  it('carries code, kind and frozen details, and the guards tell kinds apart', () => {
    const e = new DomainError('report-not-found', 'missing', { reportId: 'r1' })
    expect(e).toBeInstanceOf(Error)
    expect([e.name, e.code, e.kind]).toEqual(['DomainError', 'report-not-found', 'not-found'])
    expect(Object.isFrozen(e.details)).toBe(true)
    expect(isDomainError(e)).toBe(true)
    expect(isDomainError(e, 'report-not-found')).toBe(true)
    expect(isDomainError(e, 'report-retracted')).toBe(false)
    expect(isNotFoundError(e)).toBe(true)
    expect(isValidationError(e) || isConflictError(e) || isForbiddenError(e)).toBe(false)
    expect(isConflictError(new DomainError('measure-lifecycle', 'x'))).toBe(true)
    expect(isForbiddenError(new DomainError('forbidden', 'x'))).toBe(true)
    expect(isValidationError(new DomainError('personal-identity-number', 'x'))).toBe(true)
    expect(isDomainError(new Error('plain'))).toBe(false)
  })

  it('lists the codes the brief names', () => {
    expect(DOMAIN_ERROR_CODES).toEqual(
      expect.arrayContaining([
        'unknown-place',
        'unknown-category',
        'report-not-found',
        'report-retracted',
        'measure-lifecycle',
        'end-before-start',
        'date-in-future',
        'personal-identity-number',
        'stream-exists',
      ]),
    )
  })
})
