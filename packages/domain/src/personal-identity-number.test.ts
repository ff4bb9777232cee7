import { describe, expect, it } from 'vitest'
import {
  containsPersonalIdentityNumber,
  findPersonalIdentityNumber,
} from './personal-identity-number.js'

// Synthetic numbers used in Skatteverket examples and test data; none belongs to a real case.
const VALID = [
  '811218-9876',
  '811218+9876', // + marks someone aged 100 or more
  '19811218-9876',
  '198112189876',
  '19121212-1212', // "Tolvan Tolvansson"
  '701063-2391', // samordningsnummer: day 03 + 60
  '811218 - 9876',
  '811218 9876',
  '811218–9876', // en dash from a word processor
]

describe('personal identity number detection', () => {
  it.each(VALID)('finds %s inside a sentence', (pin) => {
    expect(containsPersonalIdentityNumber(`Ungdom (${pin}) sågs vid Resecentrum`)).toBe(true)
  })

  it.each([
    ['wrong check digit', '811218-9875'],
    ['month 13 with a passing check digit', '811318-9875'],
    ['31 February with a passing check digit', '810231-9871'],
    ['day 92 (past the coordination range)', '811292-9876'],
    ['bare ten digits, as phone numbers are written', '8112189876'],
    ['a mobile number', '070-123 45 67'],
    ['a police case number', '5000-K123456-24'],
    ['a longer digit run', '1234811218-98765'],
    ['a count and a date', '12 st 2024-03-01'],
  ])('allows %s', (_why, text) => {
    expect(containsPersonalIdentityNumber(`Noterat: ${text}`)).toBe(false)
  })

  it('accepts 29 February only in a year that has one', () => {
    // Check digits below pass Luhn (worked by hand), so only the date decides.
    expect(containsPersonalIdentityNumber('20000229-0005')).toBe(true)
    expect(containsPersonalIdentityNumber('000229-0005')).toBe(true)
    expect(containsPersonalIdentityNumber('19000229-0005')).toBe(false)
    expect(containsPersonalIdentityNumber('010229-0004')).toBe(false)
  })

  it('reports the path of the offending field, not the number', () => {
    const path = findPersonalIdentityNumber({
      observations: [{ note: 'ok' }, { note: 'gäller 811218-9876' }],
    })
    expect(path).toBe('observations.1.note')
    expect(findPersonalIdentityNumber({ observations: [{ note: 'ok', count: 3 }] })).toBeUndefined()
  })
})
