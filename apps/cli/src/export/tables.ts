import { insecurityCsv, measuresCsv, placesGeoJson, trendCsv } from '@lagesbild/api'
import { insecurityReport, placeGeometries } from '@lagesbild/application'
import type { EventStore } from '@lagesbild/event-store'
import { measureRegister, placeTrend, situationPicture } from '@lagesbild/projections'
import { UsageError } from '../errors.js'
import { dateArg, knownAtArg, tenantArg } from './situation-picture.js'

/** Raw flags as citty hands them over; every export checks the ones it takes. */
export type TableExportArgs = Readonly<Record<string, unknown>>

const text = (args: TableExportArgs, flag: string): string | undefined => {
  const value = args[flag]
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

const optionalDate = (args: TableExportArgs, flag: string): string | undefined => {
  const value = text(args, flag)
  return value === undefined ? undefined : dateArg(flag, value)
}

const oneOf = <T extends string>(flag: string, value: string, allowed: readonly T[]): T => {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got '${value}'.`)
  }
  return value as T
}

const BUCKETS = ['period', 'month', 'quarter', 'year'] as const
const INSECURITY_FORMATS = ['csv', 'json'] as const

/**
 * The map and table exports beside the situation picture, rendered exactly as the API's
 * `/v1/places.geojson`, `/v1/places/{id}/trend.csv`, `/v1/measures.csv` and
 * `/v1/insecurity.csv` render them (the same functions).
 *
 * @param store the deployment's store
 * @param kind which export
 * @param args the command's flags
 * @returns the file's text
 * @throws UsageError for a missing or malformed flag, or dates the store rejects
 * @example await exportTable(store, 'trend', { tenant: 'demo', place: 'gastisparken', from: '2024-01-01', to: '2024-12-31', bucket: 'month' })
 */
export async function exportTable(
  store: EventStore,
  kind: 'places' | 'trend' | 'measures' | 'insecurity',
  args: TableExportArgs,
): Promise<string> {
  const tenantId = tenantArg(text(args, 'tenant'))
  const knownAt = knownAtArg(text(args, 'known-at'))
  const area = text(args, 'area')
  const cut = knownAt === undefined ? {} : { knownAt }
  try {
    switch (kind) {
      case 'places': {
        const asOf = dateArg('as-of', text(args, 'as-of'))
        const [picture, places] = await Promise.all([
          situationPicture(store.db, { tenantId, asOf, ...cut, ...(area ? { area } : {}) }),
          placeGeometries(store, tenantId),
        ])
        return `${placesGeoJson(picture, places, { ...(area ? { area } : {}), ...cut })}\n`
      }
      case 'trend': {
        const place = text(args, 'place')
        if ((place === undefined) === (area === undefined)) {
          throw new UsageError('Pass either --place <id> or --area <id>.')
        }
        const categories = text(args, 'categories')?.split(',').filter(Boolean)
        const trend = await placeTrend(store.db, tenantId, {
          ...(place === undefined ? { area: area as string } : { placeId: place }),
          from: dateArg('from', text(args, 'from')),
          to: dateArg('to', text(args, 'to')),
          bucket: oneOf('bucket', text(args, 'bucket') ?? 'period', BUCKETS),
          ...(categories?.length ? { categories } : {}),
          ...cut,
        })
        return trendCsv(trend)
      }
      case 'measures': {
        const asOf = optionalDate(args, 'as-of')
        return measuresCsv(
          await measureRegister(store.db, tenantId, { ...(asOf ? { asOf } : {}), ...cut }),
        )
      }
      case 'insecurity': {
        const format = oneOf('format', text(args, 'format') ?? 'csv', INSECURITY_FORMATS)
        const years = text(args, 'year')
        if (years !== undefined && !/^\d{4}(,\d{4})*$/.test(years)) {
          throw new UsageError(`--year must be years separated by commas, got '${years}'.`)
        }
        const minCellSize = Number(text(args, 'min-cell-size') ?? 5)
        if (!Number.isInteger(minCellSize) || minCellSize < 1) {
          throw new UsageError('--min-cell-size must be a whole number of at least 1.')
        }
        const indicator = text(args, 'indicator')
        const report = await insecurityReport(store.db, tenantId, {
          ...(years ? { years: years.split(',').map(Number) } : {}),
          ...(indicator ? { indicatorId: indicator } : {}),
          ...(area ? { area } : {}),
          minCellSize,
        })
        return format === 'csv' ? insecurityCsv(report) : `${JSON.stringify(report, null, 2)}\n`
      }
    }
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message)
    throw error
  }
}
