import { instantMs, MEASURE_EVENTS, type ProjectionEvent } from '../events.js'
import {
  buildRegister,
  evolveMeasureRecord,
  type MeasureRecord,
  type MeasureRegisterEntry,
  type MeasureRegisterQuery,
  planRegister,
  registerEntry,
} from './register-model.js'

/** One version of a measure: the record after an event, live from that event's recordedAt. */
export interface MeasureVersion {
  readonly ms: number
  readonly record: MeasureRecord
}

/**
 * State of the pure register fold: every version of every measure, per tenant, in log order, so
 * the register can be read as known at any instant (the latest version recorded by then).
 */
export interface MeasureRegisterState {
  readonly tenants: ReadonlyMap<string, ReadonlyMap<string, readonly MeasureVersion[]>>
}

/** The empty state. */
export const measureRegisterInitialState = (): MeasureRegisterState => ({ tenants: new Map() })

/**
 * Folds one event; events other than measure events, and measure events that change nothing,
 * return the same state.
 * @example const state = events.reduce(evolveMeasureRegister, measureRegisterInitialState())
 */
export const evolveMeasureRegister = (
  state: MeasureRegisterState,
  event: ProjectionEvent,
): MeasureRegisterState => {
  if (!MEASURE_EVENTS.has(event.type)) return state
  const tenantId = event.metadata.tenantId
  const id = (event.data as { measureId: string }).measureId
  const measures = state.tenants.get(tenantId) ?? new Map<string, readonly MeasureVersion[]>()
  const versions = measures.get(id) ?? []
  const before = versions[versions.length - 1]?.record
  const after = evolveMeasureRecord(before, event)
  if (after === undefined || after === before) return state
  const nextMeasures = new Map(measures)
  nextMeasures.set(id, [...versions, { ms: instantMs(event.metadata.recordedAt), record: after }])
  const tenants = new Map(state.tenants)
  tenants.set(tenantId, nextMeasures)
  return { tenants }
}

const knownAt = (versions: readonly MeasureVersion[], ms: number): MeasureRecord | undefined => {
  let found: MeasureRecord | undefined
  for (const v of versions) if (v.ms <= ms) found = v.record
  return found
}

/**
 * The measure register computed by the pure fold.
 * @param now the instant used for the default asOf and knownAt
 * @throws RangeError for a malformed asOf or knownAt
 * @example measureRegisterOf(state, 'mjolby', { asOf: '2021-06-01', status: 'started' })
 */
export const measureRegisterOf = (
  state: MeasureRegisterState,
  tenantId: string,
  query: MeasureRegisterQuery = {},
  now?: number,
): MeasureRegisterEntry[] => {
  const plan = planRegister(query, now)
  const records: MeasureRecord[] = []
  for (const versions of state.tenants.get(tenantId)?.values() ?? []) {
    const r = knownAt(versions, plan.knownAtMs)
    if (r) records.push(r)
  }
  return buildRegister(records, plan, query)
}

/**
 * One measure as known at `knownAt`, with its status on `asOf` (possibly 'not-yet').
 * @returns undefined when the measure was not known then
 */
export const measureOf = (
  state: MeasureRegisterState,
  tenantId: string,
  measureId: string,
  query: Pick<MeasureRegisterQuery, 'asOf' | 'knownAt'> = {},
  now?: number,
): MeasureRegisterEntry | undefined => {
  const plan = planRegister(query, now)
  const r = knownAt(state.tenants.get(tenantId)?.get(measureId) ?? [], plan.knownAtMs)
  return r ? registerEntry(r, plan.asOf) : undefined
}
