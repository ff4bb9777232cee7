import { describe, expect, it } from 'vitest'
import { unsafeRuleOf } from './survey-shares.js'
import { placesUnder } from './tables.js'

describe('unsafeRuleOf', () => {
  it('takes the worse half of the scale without a neutral midpoint', () => {
    expect(unsafeRuleOf({ min: 1, max: 4, direction: 'higher-is-worse' })).toEqual({
      direction: 'higher-is-worse',
      threshold: 3,
    })
    expect(unsafeRuleOf({ min: 1, max: 5, direction: 'higher-is-worse' }).threshold).toBe(4)
    expect(unsafeRuleOf({ min: 1, max: 4, direction: 'higher-is-better' }).threshold).toBe(2)
    expect(unsafeRuleOf({ min: 1, max: 10, direction: 'higher-is-better' }).threshold).toBe(5)
  })

  it('lets the caller override the threshold', () => {
    expect(unsafeRuleOf({ min: 1, max: 4, direction: 'higher-is-worse' }, 4).threshold).toBe(4)
  })
})

describe('placesUnder', () => {
  it('walks the hierarchy to any depth and includes the area itself', () => {
    const places = [
      { placeId: 'k', name: 'k', level: 'municipality', parentId: null },
      { placeId: 'c', name: 'c', level: 'area', parentId: 'k' },
      { placeId: 'p', name: 'p', level: 'place', parentId: 'c' },
      { placeId: 'q', name: 'q', level: 'place', parentId: 'x' },
    ]
    expect([...placesUnder(places, 'k')].sort()).toEqual(['c', 'k', 'p'])
    expect([...placesUnder(places, 'c')].sort()).toEqual(['c', 'p'])
  })
})
