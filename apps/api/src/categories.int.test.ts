import { DEFAULT_CATEGORY_CATALOGUE } from '@lagesbild/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApi, type TestApi } from './testing/setup.js'

let api: TestApi

beforeAll(async () => {
  api = await openTestApi({ demoTenant: 'demo' })
}, 120_000)
afterAll(async () => api?.lagesbild.close())

interface Catalogue {
  source: string
  categories: { code: string; labelSv: string; labelEn: string; harmWeight: number }[]
}

describe('GET /v1/categories', () => {
  it('answers the catalogue the tenant set, with Swedish and English names', async () => {
    const token = await api.token('demo', 'municipality', 'analyst')
    const res = await api.call('/v1/categories', token)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Catalogue
    expect(body.source).toBe('tenant')
    expect(body.categories.find((c) => c.code === 'vandalism')).toMatchObject({
      labelSv: 'Skadegörelse',
      labelEn: 'Vandalism',
    })
  })

  it('answers the default catalogue for a tenant that never set one', async () => {
    const token = await api.token('fresh', 'municipality', 'analyst')
    const body = (await (await api.call('/v1/categories', token)).json()) as Catalogue
    expect(body.source).toBe('default')
    expect(body.categories.map((c) => c.code)).toEqual(
      DEFAULT_CATEGORY_CATALOGUE.map((c) => c.code),
    )
  })
})
