import type { ProjectionEvent } from '../events.js'
import { dayNumber } from '../periods/index.js'
import {
  evolveMeasure,
  isActiveOn,
  type MeasureState,
  type MeasureStatus,
  measureStatusOn,
} from './model.js'

/**
 * A measure as the register shows it: the lifecycle state shared with the situation picture,
 * plus the evaluation design fixed at proposal (control and buffer places) and the evidence
 * behind the latest verdict.
 */
export interface MeasureRecord extends MeasureState {
  /** The day the proposal was recorded (the date part of its recordedAt, in its own offset). */
  readonly proposedOn: string
  readonly controlPlaceIds: readonly string[]
  readonly bufferPlaceIds: readonly string[]
  readonly problemId: string | null
  /** Maryland Scientific Methods Scale level of the latest evaluation, when given. */
  readonly evidenceLevel: number | null
}

/** `not-yet`: asked for a day before the measure was proposed or had any lifecycle date. */
export type RegisterStatus = MeasureStatus | 'not-yet'

export interface MeasureRegisterEntry extends MeasureRecord {
  /** The lifecycle stage on `asOf`, from the valid-time dates the events carry. */
  readonly status: RegisterStatus
  /** Running on `asOf` (see `isActiveOn`). */
  readonly active: boolean
}

export interface MeasureRegisterQuery {
  /** The day whose status is shown (`YYYY-MM-DD`; default today, UTC). */
  readonly asOf?: string
  /** Transaction-time cut on recordedAt (default now). */
  readonly knownAt?: string
  /** Only measures with this status (or one of these) on `asOf`. */
  readonly status?: RegisterStatus | readonly RegisterStatus[]
  /** Only measures that treat this place. */
  readonly placeId?: string
}

export interface RegisterPlan {
  readonly asOf: string
  readonly knownAt: string
  readonly knownAtMs: number
}

interface ExtraData {
  readonly controlPlaceIds?: readonly string[]
  readonly bufferPlaceIds?: readonly string[]
  readonly problemId?: string
  readonly evidenceLevel?: number
}

/**
 * Folds one measure event into a register record. Lifecycle rules are `evolveMeasure`'s (shared
 * with the situation picture); this adds the fields only the register shows.
 * @returns the same object when the event changes nothing (unknown measure, repeated proposal)
 */
export const evolveMeasureRecord = (
  record: MeasureRecord | undefined,
  event: ProjectionEvent,
): MeasureRecord | undefined => {
  const base = evolveMeasure(record, event)
  if (base === undefined || base === record) return record
  const d = event.data as ExtraData
  if (event.type === 'MeasureProposed') {
    return {
      ...base,
      proposedOn: event.metadata.recordedAt.slice(0, 10),
      controlPlaceIds: [...(d.controlPlaceIds ?? [])],
      bufferPlaceIds: [...(d.bufferPlaceIds ?? [])],
      problemId: d.problemId ?? null,
      evidenceLevel: null,
    }
  }
  const r = base as MeasureRecord
  if (event.type === 'MeasureEvaluated') return { ...r, evidenceLevel: d.evidenceLevel ?? null }
  return r
}

/**
 * The status on a day. A measure with no date on or before `asOf` and proposed after it did not
 * exist yet; back-dated lifecycle dates (a measure registered after the fact) count from their
 * own dates.
 */
export const registerStatusOn = (m: MeasureRecord, asOf: string): RegisterStatus => {
  const s = measureStatusOn(m, asOf)
  return s === 'proposed' && m.proposedOn > asOf ? 'not-yet' : s
}

/** The register's view of a record on `asOf`. */
export const registerEntry = (m: MeasureRecord, asOf: string): MeasureRegisterEntry => ({
  ...m,
  status: registerStatusOn(m, asOf),
  active: isActiveOn(m, asOf),
})

/**
 * Validates the query's dates and fills in the defaults.
 * @throws RangeError for a malformed asOf or knownAt
 */
export const planRegister = (
  query: Pick<MeasureRegisterQuery, 'asOf' | 'knownAt'>,
  now: number = Date.now(),
): RegisterPlan => {
  const knownAtMs = query.knownAt === undefined ? now : Date.parse(query.knownAt)
  if (Number.isNaN(knownAtMs)) throw new RangeError(`knownAt is not an instant: ${query.knownAt}`)
  const asOf = query.asOf ?? new Date(now).toISOString().slice(0, 10)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new RangeError(`asOf is not a date: ${asOf}`)
  dayNumber(asOf)
  return { asOf, knownAt: new Date(knownAtMs).toISOString(), knownAtMs }
}

/**
 * The register from the records known at the plan's knownAt: entries that existed on `asOf`,
 * filtered, ordered by measure id. Shared by the fold and the SQL query.
 */
export const buildRegister = (
  records: readonly MeasureRecord[],
  plan: RegisterPlan,
  query: MeasureRegisterQuery,
): MeasureRegisterEntry[] => {
  const statuses =
    query.status === undefined
      ? undefined
      : new Set<RegisterStatus>(typeof query.status === 'string' ? [query.status] : query.status)
  return records
    .map((m) => registerEntry(m, plan.asOf))
    .filter(
      (e) =>
        (statuses ? statuses.has(e.status) : e.status !== 'not-yet') &&
        (query.placeId === undefined || e.placeIds.includes(query.placeId)),
    )
    .sort((a, b) => (a.measureId < b.measureId ? -1 : a.measureId > b.measureId ? 1 : 0))
}
