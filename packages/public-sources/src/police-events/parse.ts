import type { GeoPoint } from '@lagesbild/domain'
import { readCsv } from '../shared/csv.js'
import type { Rejection } from '../shared/rejections.js'

/** An event of the police events feed, as published, with its quirks read out. */
export interface PoliceEvent {
  readonly id: number
  /** `datetime` as the feed wrote it (hour not always zero-padded). */
  readonly datetime: string
  /** The same instant as ISO 8601 with its own offset, e.g. `2026-08-22T09:48:12+02:00`. */
  readonly publishedAt: string
  /** Local calendar date of publication (`YYYY-MM-DD`). */
  readonly publishedOn: string
  readonly name: string
  readonly summary: string
  readonly url: string
  readonly type: string
  readonly location: { readonly name: string; readonly gps: string }
  /** `location.gps` read as a point: the centroid of the named area, not the scene. */
  readonly point: GeoPoint | undefined
  /** Whether the feed located the event at a county (`… län`) or a municipality. */
  readonly locationLevel: 'county' | 'municipality'
  /**
   * The municipality: `location.name` when that is one, else the last part of `name` when that
   * names a municipality (county-located events often do); undefined when neither says.
   */
  readonly municipality: string | undefined
  /** When it happened, from the `dd månad HH.MM` that starts `name`; undefined if absent. */
  readonly occurred: { readonly date: string; readonly time: string } | undefined
  /** A `Sammanfattning …` event: one text bundling several incidents. */
  readonly bundled: boolean
}

/** Parsed events and the records that could not be read, with why. */
export interface PoliceEventsParseResult {
  readonly events: readonly PoliceEvent[]
  readonly rejected: readonly Rejection[]
  /** Records read. */
  readonly rows: number
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}):(\d{2}) ([+-]\d{2}):(\d{2})$/
const NAME_WHEN = /^(\d{1,2}) ([a-zåäö]+) (\d{1,2})[.:](\d{2}),/i
const MONTHS = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
]

const pad = (n: number | string): string => String(n).padStart(2, '0')

/**
 * Reads the feed's `datetime`. The hour is not always zero-padded and the offset changes with
 * daylight saving, so the offset the feed gives is kept rather than assumed.
 */
export const parseFeedDatetime = (
  text: string,
): { readonly instant: string; readonly localDate: string } | undefined => {
  const m = DATETIME.exec(text.trim())
  if (m === null) return undefined
  const [, y, mo, d, h, mi, s, oh, om] = m
  const instant = `${y}-${mo}-${d}T${pad(h ?? '')}:${mi}:${s}${oh}:${om}`
  if (Number(h) > 23 || Number.isNaN(Date.parse(instant))) return undefined
  return { instant, localDate: `${y}-${mo}-${d}` }
}

const isCounty = (name: string): boolean => / län$/.test(name.trim())

const readPoint = (gps: string): GeoPoint | undefined => {
  const [lat, lon, ...rest] = gps.split(',').map((p) => Number(p.trim()))
  if (rest.length > 0 || lat === undefined || lon === undefined) return undefined
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return undefined
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined
  return { lat, lon }
}

// `name` says when it happened but not the year. Take the year that puts the date nearest its
// publication: late-December events published in January belong to the year before, and a few
// events are announced ahead (one in the Östergötland file is named two days after publication).
const occurredFromName = (
  name: string,
  publishedOn: string,
): { date: string; time: string } | undefined => {
  const m = NAME_WHEN.exec(name)
  if (m === null) return undefined
  const [, day, monthName, hour, minute] = m
  const month = MONTHS.indexOf((monthName ?? '').toLowerCase()) + 1
  if (month === 0 || Number(hour) > 23 || Number(minute) > 59) return undefined
  const published = Date.parse(`${publishedOn}T00:00:00Z`)
  const py = Number(publishedOn.slice(0, 4))
  let best: string | undefined
  for (const year of [py - 1, py, py + 1]) {
    const date = `${year}-${pad(month)}-${pad(day ?? '')}`
    const at = Date.parse(`${date}T00:00:00Z`)
    if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== date) continue
    const distance = Math.abs(at - published)
    if (best === undefined || distance < Math.abs(Date.parse(`${best}T00:00:00Z`) - published)) {
      best = date
    }
  }
  return best === undefined ? undefined : { date: best, time: `${pad(hour ?? '')}:${minute}` }
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/**
 * Reads one feed record; a reason string when it cannot be read without guessing.
 * @param raw one element of the feed array
 */
export const readPoliceEvent = (raw: unknown): PoliceEvent | string => {
  if (typeof raw !== 'object' || raw === null) return 'not an object'
  const r = raw as Record<string, unknown>
  const id = r.id
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return 'id is not a number'
  const datetime = str(r.datetime)
  const when = datetime === undefined ? undefined : parseFeedDatetime(datetime)
  if (datetime === undefined || when === undefined) return `datetime "${datetime}" is unreadable`
  const type = str(r.type)?.trim()
  if (!type) return 'type is missing'
  const loc = r.location as Record<string, unknown> | undefined
  const locationName = str(loc?.name)?.trim()
  if (!locationName) return 'location.name is missing'
  const gps = str(loc?.gps) ?? ''
  const name = str(r.name) ?? ''
  const locationLevel = isCounty(locationName) ? 'county' : 'municipality'
  const named = name.split(', ').at(-1)?.trim()
  const municipality =
    locationLevel === 'municipality'
      ? locationName
      : named !== undefined && named !== '' && !isCounty(named) && named !== type
        ? named
        : undefined
  return {
    id,
    datetime,
    publishedAt: when.instant,
    publishedOn: when.localDate,
    name,
    summary: str(r.summary) ?? '',
    url: str(r.url) ?? '',
    type,
    location: { name: locationName, gps },
    point: readPoint(gps),
    locationLevel,
    municipality,
    occurred: occurredFromName(name, when.localDate),
    bundled: type.startsWith('Sammanfattning'),
  }
}

/**
 * Parses the police events feed (`[{ id, datetime, name, summary, url, type, location }]`), as
 * served by polisen.se/api/events or collected from it.
 *
 * @param json the feed's JSON text, or the already parsed array
 * @returns the readable events and a rejection (1-based index, reason) for every other record
 * @throws Error when the input is not a JSON array
 * @example
 * const { events, rejected } = parsePoliceEvents(readFileSync(file, 'utf8'))
 */
export const parsePoliceEvents = (json: string | unknown): PoliceEventsParseResult => {
  const data: unknown = typeof json === 'string' ? JSON.parse(json) : json
  if (!Array.isArray(data)) throw new Error('the police events feed must be a JSON array')
  const events: PoliceEvent[] = []
  const rejected: Rejection[] = []
  for (const [i, raw] of data.entries()) {
    const event = readPoliceEvent(raw)
    if (typeof event === 'string') rejected.push({ row: i + 1, kind: 'malformed', reason: event })
    else events.push(event)
  }
  return { events, rejected, rows: data.length }
}

/**
 * Parses the reduced nationwide collection (`id, datetime, type, location_name`), which lacks
 * name, summary, url and gps: county-located events there have no municipality.
 *
 * @param text the CSV text
 * @returns events and rejections (row = line number; the header is row 1)
 * @throws Error when a required column is missing
 * @example const { events } = parsePoliceEventsCompactCsv(readFileSync(file, 'utf8'))
 */
export const parsePoliceEventsCompactCsv = (text: string): PoliceEventsParseResult => {
  const { header, records, misfits } = readCsv(text)
  const need = ['id', 'datetime', 'type', 'location_name']
  const at = need.map((n) => header.indexOf(n))
  if (at.some((i) => i < 0)) throw new Error(`compact events CSV needs columns ${need.join(', ')}`)
  const [iId, iDatetime, iType, iLocation] = at as [number, number, number, number]
  const events: PoliceEvent[] = []
  const rejected: Rejection[] = [...misfits]
  for (const { row, fields } of records) {
    const event = readPoliceEvent({
      id: /^\d+$/.test(fields[iId] ?? '') ? Number(fields[iId]) : fields[iId],
      datetime: fields[iDatetime],
      type: fields[iType],
      location: { name: fields[iLocation], gps: '' },
    })
    if (typeof event === 'string') rejected.push({ row, kind: 'malformed', reason: event })
    else events.push(event)
  }
  return { events, rejected, rows: records.length + misfits.length }
}

/** One published version of an event and when it was first seen. */
export interface PoliceEventVersion {
  /** Knowledge time: when the collector first saw this version (UTC). */
  readonly observedAt: string
  readonly event: PoliceEvent
}

/** All versions of one edited event, oldest first. */
export interface PoliceEventHistory {
  readonly id: number
  readonly versions: readonly PoliceEventVersion[]
}

/**
 * Parses a revisions collection: `[{ id, last_observed_at, versions: [{ observed_at, commit,
 * event }] }]`, each version an event as the feed published it at the time.
 *
 * @param json the JSON text, or the already parsed array
 * @returns histories with versions sorted by `observedAt`; a rejection per unreadable history
 * @throws Error when the input is not a JSON array
 * @example const { histories } = parsePoliceEventRevisions(readFileSync(file, 'utf8'))
 */
export const parsePoliceEventRevisions = (
  json: string | unknown,
): {
  readonly histories: readonly PoliceEventHistory[]
  readonly rejected: readonly Rejection[]
  readonly rows: number
} => {
  const data: unknown = typeof json === 'string' ? JSON.parse(json) : json
  if (!Array.isArray(data)) throw new Error('the revisions file must be a JSON array')
  const histories: PoliceEventHistory[] = []
  const rejected: Rejection[] = []
  data.forEach((raw: unknown, i) => {
    const reject = (reason: string): void => {
      rejected.push({ row: i + 1, kind: 'malformed', reason })
    }
    const r = raw as { id?: unknown; versions?: unknown }
    if (typeof r?.id !== 'number' || !Array.isArray(r.versions) || r.versions.length === 0) {
      reject('expected { id, versions: [...] } with at least one version')
      return
    }
    const versions: PoliceEventVersion[] = []
    for (const v of r.versions as { observed_at?: unknown; event?: unknown }[]) {
      const observedAt = str(v?.observed_at)
      const event = readPoliceEvent(v?.event)
      if (observedAt === undefined || Number.isNaN(Date.parse(observedAt))) {
        reject(`a version of ${r.id} has no readable observed_at`)
        return
      }
      if (typeof event === 'string') {
        reject(`a version of ${r.id}: ${event}`)
        return
      }
      if (event.id !== r.id) {
        reject(`a version carries id ${event.id}, not ${r.id}`)
        return
      }
      versions.push({ observedAt, event })
    }
    versions.sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt))
    histories.push({ id: r.id, versions })
  })
  return { histories, rejected, rows: data.length }
}
