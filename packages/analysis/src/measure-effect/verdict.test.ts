import { describe, expect, it } from 'vitest'
import { decideVerdict, type VerdictInput } from './verdict.js'

const ci = (lower: number, upper: number) => ({ lower, upper, level: 0.95 })
const given = (over: Partial<VerdictInput>): VerdictInput => ({
  primary: { estimate: 0.7, ci: ci(0.6, 0.82) },
  minimumDetectableReduction: 0.2,
  meaningfulChange: 0.25,
  secondaries: [],
  tooFewCounts: false,
  ...over,
})

describe('decideVerdict', () => {
  it('credits a measure only when the primary CI excludes 1 downwards and nothing contradicts', () => {
    expect(decideVerdict(given({})).verdict).toBe('likely-effect')
    expect(
      decideVerdict(
        given({
          secondaries: [
            { name: 'RES', direction: 'better' },
            { name: 'ITS', direction: 'none' },
          ],
        }),
      ).verdict,
    ).toBe('likely-effect')
    const contradicted = decideVerdict(
      given({ secondaries: [{ name: 'ITS level change', direction: 'worse' }] }),
    )
    expect(contradicted.verdict).toBe('inconclusive')
    expect(contradicted.reason).toMatch(/ITS level change/)
  })

  it("says 'got worse' when the CI excludes 1 upwards, unless contradicted", () => {
    const worse = { primary: { estimate: 1.4, ci: ci(1.1, 1.8) } }
    expect(decideVerdict(given(worse)).verdict).toBe('got-worse')
    expect(
      decideVerdict(given({ ...worse, secondaries: [{ name: 'RES', direction: 'better' }] }))
        .verdict,
    ).toBe('inconclusive')
  })

  it("says 'no detectable effect' only when the design could see a meaningful change", () => {
    const nothing = { primary: { estimate: 0.98, ci: ci(0.85, 1.13) } }
    expect(decideVerdict(given({ ...nothing, minimumDetectableReduction: 0.25 })).verdict).toBe(
      'no-detectable-effect',
    )
    expect(decideVerdict(given({ ...nothing, minimumDetectableReduction: 0.4 })).verdict).toBe(
      'inconclusive',
    )
    expect(decideVerdict(given({ ...nothing, minimumDetectableReduction: null })).verdict).toBe(
      'inconclusive',
    )
  })

  it('is inconclusive without a primary estimate or with too few counts', () => {
    expect(decideVerdict(given({ primary: null })).verdict).toBe('inconclusive')
    expect(decideVerdict(given({ tooFewCounts: true })).verdict).toBe('inconclusive')
  })
})
