import { describe, expect, it } from 'vitest'
import { addYears, href, parseRoute } from './router.js'

describe('routes in the URL hash', () => {
  it('reads view, id and parameters', () => {
    const route = parseRoute('#/place/g%C3%A4stisparken?from=2024-01-01&categories=a,b')
    expect(route.view).toBe('place')
    expect(route.id).toBe('gästisparken')
    expect(route.params.get('from')).toBe('2024-01-01')
    expect(route.params.get('categories')).toBe('a,b')
  })

  it('falls back to the situation picture', () => {
    expect(parseRoute('').view).toBe('picture')
    expect(parseRoute('#/').view).toBe('picture')
    expect(parseRoute('#/').id).toBeUndefined()
  })

  it('writes what it reads, dropping empty parameters', () => {
    const hash = href('place', 'kv/falken', { to: '2025-10-01', knownAt: null, scope: '' })
    expect(hash).toBe('#/place/kv%2Ffalken?to=2025-10-01')
    const back = parseRoute(hash)
    expect(back.id).toBe('kv/falken')
    expect([...back.params.keys()]).toEqual(['to'])
  })

  it('shifts dates by years, clamping the day so every month has it', () => {
    expect(addYears('2025-10-01', -3)).toBe('2022-10-01')
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28')
  })
})
