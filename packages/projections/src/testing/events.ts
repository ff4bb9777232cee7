/**
 * Event builders for tests: small, explicit, and shaped like the domain's events so that tests
 * read as given/when/then over real event types.
 */
import type { ObservationData, ProjectionEvent } from '../events.js'

let counter = 0

export interface EventOptions {
  readonly tenantId?: string
  readonly recordedAt: string
  readonly organisationId?: string
}

/** Builds an event envelope with a fresh id. */
export const event = (type: string, data: unknown, o: EventOptions): ProjectionEvent => {
  counter++
  const n = counter.toString(16).padStart(12, '0')
  return {
    type,
    data,
    metadata: {
      eventId: `00000000-0000-4000-8000-${n}`,
      tenantId: o.tenantId ?? 'demo',
      recordedAt: o.recordedAt,
      actor: { organisationId: o.organisationId ?? 'municipality', role: 'reporter' },
    },
  }
}

export interface ObservationInput {
  readonly id?: string
  readonly place: string
  readonly category: string
  readonly on: string
  readonly count?: number
  readonly suspected?: boolean
  readonly police?: boolean
}

export const observation = (o: ObservationInput, index = 0): ObservationData => ({
  observationId: o.id ?? `o${index + 1}`,
  kind: 'disorder',
  categoryCode: o.category,
  placeId: o.place,
  occurredOn: { date: o.on },
  count: o.count ?? 1,
  certainty: o.suspected ? 'suspected' : 'observed',
  policeReported: o.police ? 'yes' : 'no',
})

export const reportSubmitted = (
  reportId: string,
  org: string,
  observations: readonly ObservationInput[],
  o: EventOptions,
): ProjectionEvent =>
  event(
    'ReportSubmitted',
    { reportId, reporterOrganisationId: org, observations: observations.map(observation) },
    { ...o, organisationId: org },
  )

export const observationCorrected = (
  reportId: string,
  obs: ObservationInput & { id: string },
  o: EventOptions,
): ProjectionEvent => event('ObservationCorrected', { reportId, observation: observation(obs) }, o)

export const reportRetracted = (reportId: string, o: EventOptions): ProjectionEvent =>
  event('ReportRetracted', { reportId, reason: 'entered twice' }, o)

export const placeRegistered = (
  placeId: string,
  parentId: string | null,
  level: 'municipality' | 'area' | 'place',
  o: EventOptions,
): ProjectionEvent =>
  event(
    'PlaceRegistered',
    { placeId, name: placeId, level, kind: level === 'place' ? 'park' : 'district', parentId },
    o,
  )

export const cadenceSet = (
  intervalDays: 7 | 14,
  anchorDate: string,
  effectiveFrom: string,
  o: EventOptions,
): ProjectionEvent => event('ReportingCadenceSet', { intervalDays, anchorDate, effectiveFrom }, o)

export const harmWeightsSet = (
  weights: Record<string, number>,
  effectiveFrom: string,
  o: EventOptions,
): ProjectionEvent => event('HarmWeightsSet', { weights, effectiveFrom }, o)

export const measure = (type: string, data: Record<string, unknown>, o: EventOptions) =>
  event(type, data, o)
