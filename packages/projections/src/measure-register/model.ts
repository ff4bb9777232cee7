import type { MeasureEventData, ProjectionEvent } from '../events.js'

/** A measure (insats) as known at some instant. Dates are valid time; see `measureStatusOn`. */
export interface MeasureState {
  readonly measureId: string
  readonly title: string
  readonly type: string
  readonly ownerOrganisationId: string
  readonly placeIds: readonly string[]
  readonly targetCategories: readonly string[]
  readonly plannedStart: string | null
  readonly plannedEnd: string | null
  readonly decidedOn: string | null
  readonly startedOn: string | null
  readonly completedOn: string | null
  readonly cancelledOn: string | null
  readonly evaluatedOn: string | null
  readonly verdict: string | null
}

export type MeasureStatus =
  | 'proposed'
  | 'decided'
  | 'started'
  | 'completed'
  | 'cancelled'
  | 'evaluated'

/**
 * Folds one measure event. Events for a measure that was never proposed are ignored: the
 * decider forbids them, and a projection must not invent a measure without places.
 */
export const evolveMeasure = (
  state: MeasureState | undefined,
  event: ProjectionEvent,
): MeasureState | undefined => {
  const d = event.data as MeasureEventData
  if (event.type === 'MeasureProposed') {
    if (state) return state
    return {
      measureId: d.measureId,
      title: d.title ?? '',
      type: d.type ?? 'other',
      ownerOrganisationId: d.ownerOrganisationId ?? '',
      placeIds: [...(d.placeIds ?? [])],
      targetCategories: [...(d.targetCategories ?? [])],
      plannedStart: d.plannedStart ?? null,
      plannedEnd: d.plannedEnd ?? null,
      decidedOn: null,
      startedOn: null,
      completedOn: null,
      cancelledOn: null,
      evaluatedOn: null,
      verdict: null,
    }
  }
  if (!state) return state
  switch (event.type) {
    case 'MeasureDecided':
      return {
        ...state,
        decidedOn: d.decidedOn ?? null,
        plannedStart: d.plannedStart ?? state.plannedStart,
        plannedEnd: d.plannedEnd ?? state.plannedEnd,
      }
    case 'MeasureStarted':
      return { ...state, startedOn: d.startedOn ?? null }
    case 'MeasureCompleted':
      return { ...state, completedOn: d.completedOn ?? null }
    case 'MeasureCancelled':
      return { ...state, cancelledOn: d.cancelledOn ?? null }
    case 'MeasureEvaluated':
      return { ...state, evaluatedOn: d.evaluatedOn ?? null, verdict: d.verdict ?? null }
    default:
      return state
  }
}

const on = (date: string | null, asOf: string): boolean => date !== null && date <= asOf

/**
 * The lifecycle stage on a date, from the dates the events carry: an evaluation or completion
 * recorded today but dated last month counts from last month.
 */
export const measureStatusOn = (m: MeasureState, asOf: string): MeasureStatus | 'not-yet' => {
  if (on(m.cancelledOn, asOf)) return 'cancelled'
  if (on(m.evaluatedOn, asOf)) return 'evaluated'
  if (on(m.completedOn, asOf)) return 'completed'
  if (on(m.startedOn, asOf)) return 'started'
  if (on(m.decidedOn, asOf)) return 'decided'
  return 'proposed'
}

/** Running on `asOf`: started on or before it, and neither completed nor cancelled before it. */
export const isActiveOn = (m: MeasureState, asOf: string): boolean =>
  on(m.startedOn, asOf) &&
  (m.completedOn === null || m.completedOn >= asOf) &&
  (m.cancelledOn === null || m.cancelledOn > asOf)

/** Completed between `since` and `asOf` (inclusive) and not evaluated on `asOf`. */
export const awaitsEvaluation = (m: MeasureState, asOf: string, since: string): boolean =>
  m.completedOn !== null &&
  m.completedOn >= since &&
  m.completedOn <= asOf &&
  !on(m.evaluatedOn, asOf) &&
  !on(m.cancelledOn, asOf)
