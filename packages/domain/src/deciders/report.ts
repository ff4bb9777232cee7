import { z } from 'zod'
import { DomainError } from '../errors.js'
import {
  type Observation,
  ObservationCorrectedData,
  type ObservationCorrected as ObservationCorrectedEvent,
  ReportRetractedData,
  type ReportRetracted as ReportRetractedEvent,
  ReportSubmittedData,
  type ReportSubmitted as ReportSubmittedEvent,
} from '../events/report.js'
import {
  type DecideContext,
  type Decider,
  emit,
  requireKnown,
  requireNoPersonalIdentityNumber,
  requireNotInFuture,
  requireOrder,
  streamExists,
} from './context.js'

/** Submit one report with one or more observations. */
export const SubmitReport = z
  .object({ type: z.literal('SubmitReport'), data: ReportSubmittedData })
  .meta({ id: 'SubmitReport' })
export type SubmitReport = z.infer<typeof SubmitReport>

/** Replace one observation of a submitted report. */
export const CorrectObservation = z
  .object({ type: z.literal('CorrectObservation'), data: ObservationCorrectedData })
  .meta({ id: 'CorrectObservation' })
export type CorrectObservation = z.infer<typeof CorrectObservation>

/** Withdraw a whole report. */
export const RetractReport = z
  .object({ type: z.literal('RetractReport'), data: ReportRetractedData })
  .meta({ id: 'RetractReport' })
export type RetractReport = z.infer<typeof RetractReport>

export const ReportCommand = z
  .discriminatedUnion('type', [SubmitReport, CorrectObservation, RetractReport])
  .meta({ id: 'ReportCommand' })
export type ReportCommand = z.infer<typeof ReportCommand>

export type ReportEvent = ReportSubmittedEvent | ObservationCorrectedEvent | ReportRetractedEvent

export type ReportState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'submitted' | 'retracted'
      readonly reportId: string
      readonly reporterOrganisationId: string
      readonly observations: ReadonlyMap<string, Observation>
    }

/** Reporters act for their own organisation only; other roles act for anyone. */
const requireOwnOrganisation = (organisationId: string, context: DecideContext): void => {
  if (context.actor.role === 'reporter' && context.actor.organisationId !== organisationId) {
    throw new DomainError(
      'forbidden',
      "A reporter may only submit, correct or retract their own organisation's reports",
      { organisationId },
    )
  }
}

const validateObservation = (
  o: Observation,
  field: string,
  context: DecideContext,
  original?: Observation,
): void => {
  const { registry } = context
  // A correction may keep a place or category retired since the report: fixing a count must
  // not force the reporter to move the observation elsewhere.
  if (o.placeId !== original?.placeId) {
    requireKnown(registry.places, [o.placeId], 'unknown-place', `${field}.placeId`)
  }
  if (o.categoryCode !== original?.categoryCode) {
    requireKnown(registry.categories, [o.categoryCode], 'unknown-category', `${field}.categoryCode`)
  }
  requireNotInFuture(o.occurredOn.date, `${field}.occurredOn.date`, context)
  if (o.occurredOn.precision === 'time-window') {
    const { date, until, fromTime, untilTime } = o.occurredOn
    requireOrder(date, until, `${field}.occurredOn`)
    if (date === until) requireOrder(fromTime, untilTime, `${field}.occurredOn`)
    requireNotInFuture(until, `${field}.occurredOn.until`, context)
  }
  const scale = registry.assessmentScale
  if (
    o.assessment !== undefined &&
    scale !== undefined &&
    !scale.levels.some((l) => l.value === o.assessment)
  ) {
    throw new DomainError(
      'invalid-assessment',
      `${field}.assessment ${o.assessment} is not a value on the scale "${scale.scaleId}"`,
      { field: `${field}.assessment`, allowed: scale.levels.map((l) => l.value) },
    )
  }
}

const requireExisting = (state: ReportState, reportId: string) => {
  if (state.status === 'absent') {
    throw new DomainError('report-not-found', `Report "${reportId}" does not exist`, { reportId })
  }
  if (state.status === 'retracted') {
    throw new DomainError('report-retracted', `Report "${reportId}" has been retracted`, {
      reportId,
    })
  }
  return state
}

const decide = (
  command: ReportCommand,
  state: ReportState,
  context: DecideContext,
): ReportEvent[] => {
  switch (command.type) {
    case 'SubmitReport': {
      const { data } = command
      if (state.status !== 'absent') throw streamExists('Report', data.reportId)
      requireOwnOrganisation(data.reporterOrganisationId, context)
      requireKnown(
        context.registry.organisations,
        [data.reporterOrganisationId],
        'unknown-organisation',
        'reporterOrganisationId',
      )
      requireOrder(data.period?.from, data.period?.to, 'period')
      // Only the start: a report for the current period may be sent before the period ends.
      if (data.period !== undefined) requireNotInFuture(data.period.from, 'period.from', context)
      const seen = new Set<string>()
      data.observations.forEach((o, i) => {
        if (seen.has(o.observationId)) {
          throw new DomainError('invalid-command', `observationId "${o.observationId}" repeats`, {
            field: `observations.${i}.observationId`,
          })
        }
        seen.add(o.observationId)
        validateObservation(o, `observations.${i}`, context)
      })
      requireNoPersonalIdentityNumber(data)
      return [emit('ReportSubmitted', data, context)]
    }
    case 'CorrectObservation': {
      const { data } = command
      const report = requireExisting(state, data.reportId)
      requireOwnOrganisation(report.reporterOrganisationId, context)
      const id = data.observation.observationId
      const original = report.observations.get(id)
      if (original === undefined) {
        throw new DomainError(
          'observation-not-found',
          `Report "${data.reportId}" has no observation "${id}"`,
          { reportId: data.reportId, observationId: id },
        )
      }
      validateObservation(data.observation, 'observation', context, original)
      requireNoPersonalIdentityNumber(data)
      return [emit('ObservationCorrected', data, context)]
    }
    case 'RetractReport': {
      const { data } = command
      const report = requireExisting(state, data.reportId)
      requireOwnOrganisation(report.reporterOrganisationId, context)
      requireNoPersonalIdentityNumber(data)
      return [emit('ReportRetracted', data, context)]
    }
  }
}

const evolve = (state: ReportState, event: ReportEvent): ReportState => {
  switch (event.type) {
    case 'ReportSubmitted':
      return {
        status: 'submitted',
        reportId: event.data.reportId,
        reporterOrganisationId: event.data.reporterOrganisationId,
        observations: new Map(event.data.observations.map((o) => [o.observationId, o])),
      }
    case 'ObservationCorrected': {
      if (state.status === 'absent') return state
      const observations = new Map(state.observations)
      observations.set(event.data.observation.observationId, event.data.observation)
      return { ...state, observations }
    }
    case 'ReportRetracted':
      return state.status === 'absent' ? state : { ...state, status: 'retracted' }
  }
}

/**
 * The report aggregate (stream `report-<reportId>`): submission, corrections, retraction.
 * @throws DomainError stream-exists, forbidden, unknown-organisation, unknown-place,
 * unknown-category, invalid-command, invalid-assessment, date-in-future, end-before-start,
 * personal-identity-number, report-not-found, report-retracted, observation-not-found
 * @example
 * const state = history.reduce(reportDecider.evolve, reportDecider.initialState())
 * const events = reportDecider.decide({ type: 'RetractReport', data }, state, context)
 */
export const reportDecider: Decider<ReportState, ReportCommand, ReportEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
}
