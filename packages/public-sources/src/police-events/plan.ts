import {
  addDays,
  type Category,
  containsPersonalIdentityNumber,
  dateOfInstant,
  type GeoPoint,
  type Observation,
  ObservationCorrectedData,
  ReportRetractedData,
  ReportSubmittedData,
} from '@lagesbild/domain'
import type { JsonObject } from '@lagesbild/event-store'
import type { PlannedEvent } from '../import/planned.js'
import type { KnownPlace, StoredReport } from '../import/registry.js'
import { contentHash } from '../shared/ids.js'
import type { Rejection } from '../shared/rejections.js'
import type { PoliceTypeMapping } from './mapping.js'
import type { PoliceEvent, PoliceEventHistory } from './parse.js'

/** The reporter organisation every feed report is filed under. */
export const POLICE_EVENTS_ORGANISATION = 'police-events-feed'

/** Report id of a feed event: stable across versions, so edits become corrections. */
export const policeEventReportId = (id: number): string => `police-event-${id}`

/** Options of the police events import. */
export interface PoliceEventsOptions {
  /**
   * The tenant's municipality as the feed names it (`Mjölby`); events elsewhere are skipped.
   * Omitted: every municipality's events, each on its own municipality place (a regional or
   * national tenant, and the bench).
   */
  readonly municipality?: string
  /** The place for events not matched closer; default the tenant's municipality-level place. */
  readonly municipalityPlaceId?: string
  /** Police type → category; default {@link DEFAULT_POLICE_TYPE_MAPPING}. */
  readonly typeMapping?: PoliceTypeMapping
  /**
   * Attach an event to the nearest registered place whose point lies within this many metres of
   * the feed's coordinates. Off by default: the feed gives the area's centroid, not the scene.
   */
  readonly placeRadiusMetres?: number
  /**
   * Knowledge time of a plain feed snapshot (when it was fetched). Default: each event's
   * publication time for new events and the import time for changed ones.
   */
  readonly observedAt?: string
}

type Mapped = { readonly observation: Observation } | { readonly rejection: Omit<Rejection, 'row'> }

const EARTH_RADIUS_M = 6_371_000

const distanceMetres = (a: GeoPoint, b: GeoPoint): number => {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h))
}

/** Everything the mapping of one event version needs, resolved once per import. */
export interface PoliceEventsContext {
  readonly options: PoliceEventsOptions
  readonly mapping: PoliceTypeMapping
  readonly categories: ReadonlyMap<string, Category>
  /** The place for events located only by municipality. */
  readonly placeFor: (municipality: string) => string
  readonly candidatePlaces: readonly KnownPlace[]
}

/**
 * Maps one published version of an event to the observation it stands for, or says why it
 * stands for none (another municipality, a bundled summary, a type outside the mapping).
 */
export const mapPoliceEvent = (event: PoliceEvent, ctx: PoliceEventsContext): Mapped => {
  const wanted = ctx.options.municipality
  if (event.municipality === undefined || (wanted !== undefined && event.municipality !== wanted)) {
    return {
      rejection: {
        kind: 'out-of-scope',
        reason:
          event.municipality === undefined
            ? `located only at ${event.location.name}; no municipality named`
            : `in ${event.municipality}, not ${wanted}`,
      },
    }
  }
  if (event.bundled) {
    return {
      rejection: {
        kind: 'unmapped',
        reason: `"${event.type}" bundles several incidents in one text; not split into guesses`,
      },
    }
  }
  const target = ctx.mapping[event.type]
  if (target === undefined || target === null) {
    return { rejection: { kind: 'unmapped', reason: `type "${event.type}" is not mapped` } }
  }
  const category = ctx.categories.get(target.categoryCode)
  if (category === undefined) {
    return {
      rejection: {
        kind: 'malformed',
        reason: `mapping names category ${target.categoryCode}, not in the catalogue`,
      },
    }
  }
  const date = event.occurred?.date ?? event.publishedOn
  if (date > addDays(dateOfInstant(event.publishedAt), 1)) {
    return { rejection: { kind: 'malformed', reason: `dated ${date}, after its publication` } }
  }
  let placeId = ctx.placeFor(event.municipality)
  const radius = ctx.options.placeRadiusMetres
  if (radius !== undefined && event.locationLevel === 'municipality' && event.point) {
    let best = radius
    for (const p of ctx.candidatePlaces) {
      const d =
        p.point === undefined ? Number.POSITIVE_INFINITY : distanceMetres(event.point, p.point)
      if (d <= best) {
        best = d
        placeId = p.placeId
      }
    }
  }
  const summary = event.summary.trim().slice(0, 4000)
  const observation: Observation = {
    observationId: 'event',
    kind: target.kind ?? category.kind,
    categoryCode: category.code,
    placeId,
    occurredOn:
      event.occurred === undefined
        ? { precision: 'exact', date }
        : { precision: 'exact', date, time: event.occurred.time },
    count: 1,
    certainty: 'observed',
    policeReported: 'yes',
    // The feed is public, but a number shaped like a personal identity number stays out anyway.
    ...(summary !== '' && !containsPersonalIdentityNumber(summary) ? { note: summary } : {}),
  }
  return { observation }
}

/** One event's versions with their knowledge times, and the record it came from. */
export interface EventTimeline {
  readonly row: number
  readonly id: number
  readonly versions: readonly { readonly knownAt: string; readonly event: PoliceEvent }[]
}

/** A plain feed: one version per event, known at `observedAt` or its publication. */
export const timelinesFromFeed = (
  events: readonly { readonly row: number; readonly event: PoliceEvent }[],
  observedAt: string | undefined,
): EventTimeline[] =>
  events.map(({ row, event }) => ({
    row,
    id: event.id,
    versions: [{ knownAt: observedAt ?? event.publishedAt, event }],
  }))

/** A revisions collection: every version, known when it was first seen. */
export const timelinesFromRevisions = (histories: readonly PoliceEventHistory[]): EventTimeline[] =>
  histories.map((h, i) => ({
    row: i + 1,
    id: h.id,
    versions: h.versions.map((v) => ({ knownAt: v.observedAt, event: v.event })),
  }))

const same = (a: Observation | undefined, b: Observation): boolean =>
  a !== undefined && contentHash(a) === contentHash(b)

const toIso = (instant: string): string => new Date(instant).toISOString()

/**
 * Plans the events of each timeline against what is stored: a first mapped version is a
 * ReportSubmitted, a later different one an ObservationCorrected, a version that no longer maps
 * (type left the mapping, moved to another municipality) a ReportRetracted — each recorded at the
 * time that version became known. Versions not later than what is stored are already known.
 */
export const planPoliceEvents = (
  timelines: readonly EventTimeline[],
  stored: ReadonlyMap<string, StoredReport>,
  ctx: PoliceEventsContext,
  importedAt: string,
): {
  readonly events: readonly PlannedEvent[]
  readonly rejected: readonly Rejection[]
  readonly imported: number
  readonly corrections: number
  readonly retractions: number
} => {
  const events: PlannedEvent[] = []
  const rejected: Rejection[] = []
  let imported = 0
  let corrections = 0
  let retractions = 0
  for (const t of timelines) {
    const reportId = policeEventReportId(t.id)
    const before = stored.get(reportId)
    let current = before?.observation
    let retracted = before?.retracted ?? false
    let last = before?.lastRecordedAt
    let lastRejection: Omit<Rejection, 'row'> | undefined
    let accounted = before !== undefined
    for (const [i, v] of t.versions.entries()) {
      // A plain snapshot of an event already stored carries no knowledge time of its own: a
      // change it shows was learned now, at the import.
      const knownAt =
        before !== undefined && t.versions.length === 1 && ctx.options.observedAt === undefined
          ? importedAt
          : v.knownAt
      if (last !== undefined && Date.parse(knownAt) <= Date.parse(last)) continue
      const mapped = mapPoliceEvent(v.event, ctx)
      if ('rejection' in mapped) {
        lastRejection = mapped.rejection
        if (current !== undefined && !retracted) {
          const data = ReportRetractedData.parse({
            reportId,
            reason: `Polisen changed the event: ${mapped.rejection.reason}`.slice(0, 4000),
          })
          events.push({
            type: 'ReportRetracted',
            data: data as unknown as JsonObject,
            recordedAt: knownAt,
            naturalId: String(t.id),
            distinguish: [toIso(knownAt)],
          })
          retracted = true
          retractions++
          last = knownAt
        }
        continue
      }
      accounted = true
      const { observation } = mapped
      if (retracted) continue
      if (current === undefined) {
        const data = ReportSubmittedData.parse({
          reportId,
          reporterOrganisationId: POLICE_EVENTS_ORGANISATION,
          observations: [observation],
          note: `${v.event.name || v.event.type} (polisen.se${v.event.url})`.slice(0, 4000),
        })
        events.push({
          type: 'ReportSubmitted',
          data: data as unknown as JsonObject,
          recordedAt: knownAt,
          naturalId: String(t.id),
        })
      } else if (!same(current, observation)) {
        const data = ObservationCorrectedData.parse({
          reportId,
          observation,
          reason:
            i === 0
              ? 'Polisen edited the event after publication'
              : `Polisen edited the event (version ${i + 1} of ${t.versions.length})`,
        })
        events.push({
          type: 'ObservationCorrected',
          data: data as unknown as JsonObject,
          recordedAt: knownAt,
          naturalId: String(t.id),
          distinguish: [toIso(knownAt)],
        })
        corrections++
      }
      current = observation
      last = knownAt
    }
    if (accounted) imported++
    else if (lastRejection !== undefined) rejected.push({ row: t.row, ...lastRejection })
  }
  return { events, rejected, imported, corrections, retractions }
}
