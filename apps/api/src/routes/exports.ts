import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { insecurityReport, type Lagesbild, placeGeometries } from '@lagesbild/application'
import {
  measureRegister,
  placeTrend,
  situationPicture,
  type TrendSource,
} from '@lagesbild/projections'
import type { AuthEnv } from '../http/auth.js'
import { requirePermission } from '../http/auth.js'
import { insecurityCsv, measuresCsv, pictureCsv, trendCsv } from '../http/csv.js'
import { textWithEtag } from '../http/etag.js'
import { placesGeoJson } from '../http/geojson.js'
import { Instant, LocalDate, readErrors, readProblem, TrendSources } from '../http/schemas.js'
import { validationHook } from '../http/validation.js'
import { InsecurityParams, insecurityQuery } from './analysis.js'

const security = [{ bearer: [] }]
const CSV = 'text/csv; charset=utf-8'
const GEOJSON = 'application/geo+json; charset=utf-8'
const csvResponse = (description: string) => ({
  description,
  content: { 'text/csv': { schema: z.string() } },
})

const pictureQuery = z.object({
  asOf: LocalDate,
  knownAt: Instant.optional(),
  area: z.string().max(100).optional(),
})

const pictureCsvRoute = createRoute({
  method: 'get',
  path: '/situation-picture.csv',
  tags: ['exports'],
  summary: 'The situation picture as a table: one row per place × category',
  security,
  request: { query: pictureQuery },
  responses: { 200: csvResponse('place × category rows'), ...readErrors },
})

const placesGeoRoute = createRoute({
  method: 'get',
  path: '/places.geojson',
  tags: ['exports'],
  summary: 'Places as GeoJSON with the counts and status of the period containing asOf',
  description:
    'A FeatureCollection (RFC 7946): a place with a polygon gets it, else its point, else a null geometry. Properties carry the place, its count, harm and status colour.',
  security,
  request: { query: pictureQuery },
  responses: {
    200: {
      description: 'FeatureCollection',
      content: { 'application/geo+json': { schema: z.record(z.string(), z.unknown()) } },
    },
    ...readErrors,
  },
})

const trendCsvRoute = createRoute({
  method: 'get',
  path: '/places/{id}/trend.csv',
  tags: ['exports'],
  summary: 'A place trend as a table: one row per bucket, a column per requested category',
  security,
  request: {
    params: z.object({ id: z.string().min(1).max(100) }),
    query: z.object({
      from: LocalDate,
      to: LocalDate,
      bucket: z.enum(['period', 'month', 'quarter', 'year']).default('period'),
      categories: z.string().max(2000).optional(),
      knownAt: Instant.optional(),
      scope: z.enum(['place', 'area']).default('place'),
      sources: TrendSources.optional(),
    }),
  },
  responses: { 200: csvResponse('bucket rows'), ...readErrors },
})

const measuresCsvRoute = createRoute({
  method: 'get',
  path: '/measures.csv',
  tags: ['exports'],
  summary: 'The measure register as a table',
  security,
  request: {
    query: z.object({ asOf: LocalDate.optional(), knownAt: Instant.optional() }),
  },
  responses: { 200: csvResponse('one row per measure'), ...readErrors },
})

const insecurityCsvRoute = createRoute({
  method: 'get',
  path: '/insecurity.csv',
  tags: ['exports'],
  summary: 'Perceived insecurity as a table: one row per area × survey year',
  description:
    'The cells of `/v1/insecurity` with the comparison against the rest of the municipality. A suppressed cell (fewer respondents than minCellSize) keeps its row with every figure empty.',
  security,
  request: { query: InsecurityParams },
  responses: { 200: csvResponse('area × year rows'), ...readErrors },
})

/** Table and map shapes of the reads, for spreadsheets and GIS tools. */
export function exportRoutes(lagesbild: Lagesbild) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
  app.use('*', requirePermission('read'))
  const db = lagesbild.store.db

  const picture = (tenantId: string, q: z.infer<typeof pictureQuery>) =>
    situationPicture(db, {
      tenantId,
      asOf: q.asOf,
      ...(q.knownAt ? { knownAt: q.knownAt } : {}),
      ...(q.area ? { area: q.area } : {}),
    })

  app.openapi(pictureCsvRoute, async (c) => {
    const { tenantId } = c.get('principal')
    try {
      const p = await picture(tenantId, c.req.valid('query'))
      const csv = pictureCsv(p)
      return textWithEtag(c, csv, CSV) as never
    } catch (error) {
      return readProblem(c, error) as never
    }
  })

  app.openapi(placesGeoRoute, async (c) => {
    const { tenantId } = c.get('principal')
    try {
      const q = c.req.valid('query')
      const [p, places] = await Promise.all([
        picture(tenantId, q),
        placeGeometries(lagesbild.store, tenantId),
      ])
      const geojson = placesGeoJson(p, places, {
        ...(q.area ? { area: q.area } : {}),
        ...(q.knownAt ? { knownAt: q.knownAt } : {}),
      })
      return textWithEtag(c, geojson, GEOJSON) as never
    } catch (error) {
      return readProblem(c, error) as never
    }
  })

  app.openapi(trendCsvRoute, async (c) => {
    const { tenantId } = c.get('principal')
    const { id } = c.req.valid('param')
    const q = c.req.valid('query')
    try {
      const categories = q.categories?.split(',').filter(Boolean)
      const sources = q.sources?.split(',') as TrendSource[] | undefined
      const trend = await placeTrend(db, tenantId, {
        ...(sources ? { sources } : {}),
        ...(q.scope === 'area' ? { area: id } : { placeId: id }),
        from: q.from,
        to: q.to,
        bucket: q.bucket,
        ...(categories?.length ? { categories } : {}),
        ...(q.knownAt ? { knownAt: q.knownAt } : {}),
      })
      const csv = trendCsv(trend)
      return textWithEtag(c, csv, CSV) as never
    } catch (error) {
      return readProblem(c, error) as never
    }
  })

  app.openapi(measuresCsvRoute, async (c) => {
    const { tenantId } = c.get('principal')
    const q = c.req.valid('query')
    try {
      const measures = await measureRegister(db, tenantId, {
        ...(q.asOf ? { asOf: q.asOf } : {}),
        ...(q.knownAt ? { knownAt: q.knownAt } : {}),
      })
      const csv = measuresCsv(measures)
      return textWithEtag(c, csv, CSV) as never
    } catch (error) {
      return readProblem(c, error) as never
    }
  })

  app.openapi(insecurityCsvRoute, async (c) => {
    const { tenantId } = c.get('principal')
    try {
      const report = await insecurityReport(db, tenantId, insecurityQuery(c.req.valid('query')))
      return textWithEtag(c, insecurityCsv(report), CSV) as never
    } catch (error) {
      return readProblem(c, error) as never
    }
  })

  return app
}
