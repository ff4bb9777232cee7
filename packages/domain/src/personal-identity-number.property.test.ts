import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { containsPersonalIdentityNumber } from './personal-identity-number.js'

// Check digit by the textbook Luhn formula, written independently of the implementation:
// double every other digit from the left of the nine, sum the digits of the products.
const checkDigit = (nine: string): number => {
  const sum = [...nine]
    .map((ch, i) => Number(ch) * (i % 2 === 0 ? 2 : 1))
    .reduce((acc, p) => acc + Math.floor(p / 10) + (p % 10), 0)
  return (10 - (sum % 10)) % 10
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

const identityNumber = fc
  .record({
    date: fc.date({
      min: new Date('1905-01-01T00:00:00Z'),
      max: new Date('2023-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    serial: fc.integer({ min: 0, max: 999 }),
    coordination: fc.boolean(),
    format: fc.constantFrom(
      'YYMMDD-NNNN',
      'YYMMDD+NNNN',
      'YYYYMMDDNNNN',
      'YYYYMMDD-NNNN',
      'YYMMDD - NNNN',
    ),
  })
  .map(({ date, serial, coordination, format }) => {
    const yyyy = pad(date.getUTCFullYear(), 4)
    const mm = pad(date.getUTCMonth() + 1, 2)
    const dd = pad(date.getUTCDate() + (coordination ? 60 : 0), 2)
    const nine = `${yyyy.slice(2)}${mm}${dd}${pad(serial, 3)}`
    const check = checkDigit(nine)
    const last4 = `${pad(serial, 3)}${check}`
    const text = format
      .replace('YYYY', yyyy)
      .replace('YY', yyyy.slice(2))
      .replace('MM', mm)
      .replace('DD', dd)
      .replace('NNNN', last4)
    return { text, check, wrong: text.slice(0, -1) }
  })

describe('personal identity number detection (properties)', () => {
  it('finds every valid number in every accepted format, wherever it sits in a text', () => {
    fc.assert(
      fc.property(identityNumber, fc.string(), fc.string(), ({ text }, before, after) => {
        // Digits right next to the number would make it part of a longer number.
        const clean = (s: string) => s.replace(/\d/g, 'x')
        expect(containsPersonalIdentityNumber(`${clean(before)} ${text} ${clean(after)}`)).toBe(
          true,
        )
      }),
    )
  })

  it('lets through the same number with any other check digit', () => {
    fc.assert(
      fc.property(identityNumber, fc.integer({ min: 1, max: 9 }), ({ wrong, check }, delta) => {
        expect(containsPersonalIdentityNumber(`${wrong}${(check + delta) % 10}`)).toBe(false)
      }),
    )
  })

  it('never fires on text without a run of six digits', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(!/\d{6}/.test(s))
        expect(containsPersonalIdentityNumber(s)).toBe(false)
      }),
    )
  })
})
