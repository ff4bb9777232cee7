import { pictureCsv } from '@lagesbild/api'
import { type Db, type SituationPicture, situationPicture } from '@lagesbild/projections'
import { UsageError } from '../errors.js'
import { pictureHtml } from './html.js'

export const EXPORT_FORMATS = ['csv', 'json', 'html'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** What `lagesbild export situation-picture` was asked for, checked. */
export interface PictureExportRequest {
  readonly tenantId: string
  readonly asOf: string
  readonly knownAt?: string
  readonly area?: string
  readonly format: ExportFormat
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
// An instant must say which instant it is: a local time without offset would read differently on
// every machine the brief is printed from.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

export const isCalendarDate = (value: string): boolean => {
  const m = DATE.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === value
}

/** The --tenant flag, required. */
export const tenantArg = (value: string | undefined): string => {
  const tenantId = value?.trim()
  if (!tenantId) throw new UsageError('Pass --tenant <id>.')
  return tenantId
}

/** A required date flag (YYYY-MM-DD, a real calendar day). */
export const dateArg = (flag: string, value: string | undefined): string => {
  if (value === undefined || !isCalendarDate(value)) {
    throw new UsageError(`--${flag} must be a calendar date YYYY-MM-DD, got '${value ?? ''}'.`)
  }
  return value
}

/** The optional --known-at flag: an ISO instant that says its offset. */
export const knownAtArg = (value: string | undefined): string | undefined => {
  if (value !== undefined && (!INSTANT.test(value) || Number.isNaN(Date.parse(value)))) {
    throw new UsageError(
      `--known-at must be an ISO instant with an offset, e.g. 2024-03-15T10:00:00Z or 2024-03-15T11:00:00+01:00, got '${value}'.`,
    )
  }
  return value
}

/**
 * Checks the command's raw arguments.
 *
 * @param args the flags as citty hands them over
 * @throws UsageError naming the flag and the expected form
 * @example parsePictureExport({ tenant: 'mjolby', 'as-of': '2024-03-10', format: 'html' })
 */
export function parsePictureExport(args: {
  readonly tenant?: string | undefined
  readonly 'as-of'?: string | undefined
  readonly 'known-at'?: string | undefined
  readonly area?: string | undefined
  readonly format?: string | undefined
}): PictureExportRequest {
  const tenantId = tenantArg(args.tenant)
  const asOf = dateArg('as-of', args['as-of'])
  const knownAt = knownAtArg(args['known-at'])
  const format = args.format
  if (!(EXPORT_FORMATS as readonly (string | undefined)[]).includes(format)) {
    throw new UsageError(
      `--format must be one of ${EXPORT_FORMATS.join(', ')}, got '${format ?? ''}'.`,
    )
  }
  const area = args.area?.trim()
  return {
    tenantId,
    asOf,
    ...(knownAt === undefined ? {} : { knownAt }),
    ...(area ? { area } : {}),
    format: format as ExportFormat,
  }
}

/**
 * Renders a picture in one of the export formats.
 *
 * @param picture from `situationPicture`
 * @param format csv (one row per place × category), json (the picture as is) or html (brief)
 * @example renderPicture(picture, 'csv')
 */
export function renderPicture(picture: SituationPicture, format: ExportFormat): string {
  switch (format) {
    case 'csv':
      return pictureCsv(picture)
    case 'json':
      return `${JSON.stringify(picture, null, 2)}\n`
    case 'html':
      return pictureHtml(picture)
  }
}

/**
 * Reads the situation picture from the read models and renders it: the one path the CLI command
 * takes, so tests over it cover the command's output.
 *
 * @param db the deployment's database
 * @param request from `parsePictureExport`
 * @throws UsageError when the store rejects the dates (RangeError)
 * @example await exportSituationPicture(lagesbild.store.db, { tenantId: 'mjolby', asOf: '2024-03-10', format: 'html' })
 */
export async function exportSituationPicture(
  db: Db,
  request: PictureExportRequest,
): Promise<string> {
  try {
    const picture = await situationPicture(db, {
      tenantId: request.tenantId,
      asOf: request.asOf,
      ...(request.knownAt === undefined ? {} : { knownAt: request.knownAt }),
      ...(request.area === undefined ? {} : { area: request.area }),
    })
    return renderPicture(picture, request.format)
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message)
    throw error
  }
}
