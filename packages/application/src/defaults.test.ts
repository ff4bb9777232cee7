import { DEFAULT_STATUS_RULE as DOMAIN_RULE } from '@lagesbild/domain'
import { DEFAULT_STATUS_RULE as PROJECTION_RULE } from '@lagesbild/projections'
import { describe, expect, it } from 'vitest'

describe('defaults declared in two packages', () => {
  it('the situation picture falls back to the status rule a new tenant is told it has', () => {
    // The projections declare it structurally (they do not depend on the domain).
    expect(PROJECTION_RULE).toEqual(DOMAIN_RULE)
  })
})
