import type { z } from 'zod'
import { DomainError } from './errors.js'
import {
  AssessmentScaleSet,
  CategoryCatalogueSet,
  HarmWeightsSet,
  ReportingCadenceSet,
  StatusRuleSet,
} from './events/config.js'
import { CURRENT_SCHEMA_VERSIONS, type DomainEvent, type EventType } from './events/index.js'
import {
  MeasureCancelled,
  MeasureCompleted,
  MeasureDecided,
  MeasureEvaluated,
  MeasureProposed,
  MeasureStarted,
} from './events/measure.js'
import { OfficialStatisticsPublished } from './events/official.js'
import { OrganisationRegistered } from './events/organisation.js'
import { PlaceChanged, PlaceRegistered } from './events/place.js'
import { ProblemAnalysed, ProblemClosed, ProblemIdentified } from './events/problem.js'
import { ObservationCorrected, ReportRetracted, ReportSubmitted } from './events/report.js'
import { SurveyWaveImported } from './events/survey.js'

/** The zod schema of each event type, for validating one type without the whole union. */
export const EVENT_SCHEMAS = {
  PlaceRegistered,
  PlaceChanged,
  OrganisationRegistered,
  ReportingCadenceSet,
  CategoryCatalogueSet,
  HarmWeightsSet,
  StatusRuleSet,
  AssessmentScaleSet,
  ReportSubmitted,
  ObservationCorrected,
  ReportRetracted,
  ProblemIdentified,
  ProblemAnalysed,
  ProblemClosed,
  MeasureProposed,
  MeasureDecided,
  MeasureStarted,
  MeasureCompleted,
  MeasureCancelled,
  MeasureEvaluated,
  SurveyWaveImported,
  OfficialStatisticsPublished,
} as const satisfies { [T in EventType]: z.ZodType }

/**
 * Lifts the `data` of one event type from `fromVersion` to `fromVersion + 1`. Upcasters are pure
 * and total over what that version could contain; they never consult other events.
 */
export type Upcaster = {
  readonly type: EventType
  readonly fromVersion: number
  readonly upcast: (data: Readonly<Record<string, unknown>>) => Record<string, unknown>
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * ReportSubmitted v1 stored `occurredOn` as a bare date; v2 made it an object with a precision.
 * A bare date meant "on that day", i.e. precision `exact` without a time.
 */
const reportSubmittedV1ToV2: Upcaster = {
  type: 'ReportSubmitted',
  fromVersion: 1,
  upcast: (data) => ({
    ...data,
    observations: Array.isArray(data.observations)
      ? data.observations.map((o: unknown) =>
          isRecord(o) && typeof o.occurredOn === 'string'
            ? { ...o, occurredOn: { precision: 'exact', date: o.occurredOn } }
            : o,
        )
      : data.observations,
  }),
}

/** The upcasters applied by `parseEvent`. */
export const UPCASTERS: readonly Upcaster[] = [reportSubmittedV1ToV2]

/** The shape the event store hands back; `schemaVersion` may sit beside or inside metadata. */
export type RawEvent = {
  readonly type: string
  readonly data: unknown
  readonly metadata: unknown
  readonly schemaVersion?: number
}

export type EventParser = {
  /** Validates and upcasts; use for anything not written by this code version. */
  readonly parse: (raw: RawEvent) => DomainEvent
  /** Upcasts without validating, for trusted rows on hot read paths. */
  readonly upcast: (raw: RawEvent) => DomainEvent
}

/**
 * Builds a parser over a set of upcasters. Fails at construction when a chain has a gap or a
 * duplicate, so a missing upcaster is found at start-up and not on the first old event.
 * @param upcasters one per (type, fromVersion) up to the current version
 * @throws Error when the upcasters do not form a complete chain
 * @example const { parse } = createEventParser(UPCASTERS)
 */
export const createEventParser = (upcasters: readonly Upcaster[]): EventParser => {
  const byKey = new Map<string, Upcaster>()
  for (const u of upcasters) {
    const key = `${u.type}@${u.fromVersion}`
    if (byKey.has(key)) throw new Error(`Two upcasters for ${key}; keep exactly one`)
    if (u.fromVersion >= CURRENT_SCHEMA_VERSIONS[u.type]) {
      throw new Error(`Upcaster ${key} starts at or after the current version`)
    }
    byKey.set(key, u)
  }
  for (const [type, current] of Object.entries(CURRENT_SCHEMA_VERSIONS)) {
    for (let v = 1; v < current; v++) {
      if (!byKey.has(`${type}@${v}`)) {
        throw new Error(`Missing upcaster ${type}@${v} → ${v + 1}; old events would not load`)
      }
    }
  }

  const lift = (raw: RawEvent): { type: EventType; data: unknown; metadata: unknown } => {
    if (!isRecord(raw) || !(raw.type in CURRENT_SCHEMA_VERSIONS)) {
      throw new DomainError('invalid-event', 'Unknown event type', {
        type: isRecord(raw) ? raw.type : undefined,
      })
    }
    const type = raw.type as EventType
    const current = CURRENT_SCHEMA_VERSIONS[type]
    const metadata = isRecord(raw.metadata) ? raw.metadata : undefined
    const stored =
      typeof metadata?.schemaVersion === 'number'
        ? metadata.schemaVersion
        : typeof raw.schemaVersion === 'number'
          ? raw.schemaVersion
          : 1
    if (!Number.isInteger(stored) || stored < 1 || stored > current) {
      throw new DomainError(
        'invalid-event',
        `${type} has schemaVersion ${stored}, this code knows 1…${current}`,
        { type, schemaVersion: stored },
      )
    }
    if (stored === current) return { type, data: raw.data, metadata: raw.metadata }
    let data = raw.data
    for (let v = stored; v < current; v++) {
      // Chain completeness was checked at construction.
      const upcaster = byKey.get(`${type}@${v}`) as Upcaster
      if (!isRecord(data)) break
      data = upcaster.upcast(data)
    }
    return { type, data, metadata: { ...metadata, schemaVersion: current } }
  }

  return {
    parse: (raw) => {
      const lifted = lift(raw)
      const result = EVENT_SCHEMAS[lifted.type].safeParse(lifted)
      if (!result.success) {
        throw new DomainError('invalid-event', `Stored ${lifted.type} does not match its schema`, {
          type: lifted.type,
          issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        })
      }
      return result.data as DomainEvent
    },
    upcast: (raw) => lift(raw) as DomainEvent,
  }
}

const defaultParser = createEventParser(UPCASTERS)

/**
 * Validates a stored event and upcasts it to the current schema version.
 * @param raw `{ type, data, metadata }` as stored (schemaVersion in metadata or beside it)
 * @returns the event in its current shape, `metadata.schemaVersion` set to the current version
 * @throws DomainError `invalid-event` for unknown types, future versions or schema mismatches
 * @example const event = parseEvent({ type: row.type, data: row.data, metadata: row.metadata })
 */
export const parseEvent = (raw: RawEvent): DomainEvent => defaultParser.parse(raw)

/**
 * Upcasts a stored event without validating it: for rows this system wrote and validated
 * already, where zod parsing would dominate the cost of a large read.
 * @param raw `{ type, data, metadata }` as stored
 * @throws DomainError `invalid-event` for unknown types or future versions
 * @example const events = rows.map(upcastEvent)
 */
export const upcastEvent = (raw: RawEvent): DomainEvent => defaultParser.upcast(raw)
