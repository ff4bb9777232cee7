import { z } from 'zod'
import { DomainError } from '../errors.js'
import {
  MeasureCancelledData,
  type MeasureCancelled as MeasureCancelledEvent,
  MeasureCompletedData,
  type MeasureCompleted as MeasureCompletedEvent,
  MeasureDecidedData,
  type MeasureDecided as MeasureDecidedEvent,
  MeasureEvaluatedData,
  type MeasureEvaluated as MeasureEvaluatedEvent,
  MeasureProposedData,
  type MeasureProposed as MeasureProposedEvent,
  MeasureStartedData,
  type MeasureStarted as MeasureStartedEvent,
} from '../events/measure.js'
import {
  type DecideContext,
  type Decider,
  defineCommand,
  emit,
  requireKnown,
  requireNoPersonalIdentityNumber,
  requireNotInFuture,
  requireNotReporter,
  requireOrder,
  streamExists,
} from './context.js'

/** Propose a measure at one or more places, with its evaluation design (controls, buffers). */
export const ProposeMeasure = defineCommand('ProposeMeasure', MeasureProposedData)
export type ProposeMeasure = z.infer<typeof ProposeMeasure>
/** Record the collaboration's decision to carry out a proposed measure. */
export const DecideMeasure = defineCommand('DecideMeasure', MeasureDecidedData)
export type DecideMeasure = z.infer<typeof DecideMeasure>
export const StartMeasure = defineCommand('StartMeasure', MeasureStartedData)
export type StartMeasure = z.infer<typeof StartMeasure>
export const CompleteMeasure = defineCommand('CompleteMeasure', MeasureCompletedData)
export type CompleteMeasure = z.infer<typeof CompleteMeasure>
export const CancelMeasure = defineCommand('CancelMeasure', MeasureCancelledData)
export type CancelMeasure = z.infer<typeof CancelMeasure>
export const EvaluateMeasure = defineCommand('EvaluateMeasure', MeasureEvaluatedData)
export type EvaluateMeasure = z.infer<typeof EvaluateMeasure>

export const MeasureCommand = z
  .discriminatedUnion('type', [
    ProposeMeasure,
    DecideMeasure,
    StartMeasure,
    CompleteMeasure,
    CancelMeasure,
    EvaluateMeasure,
  ])
  .meta({ id: 'MeasureCommand' })
export type MeasureCommand = z.infer<typeof MeasureCommand>

export type MeasureEvent =
  | MeasureProposedEvent
  | MeasureDecidedEvent
  | MeasureStartedEvent
  | MeasureCompletedEvent
  | MeasureCancelledEvent
  | MeasureEvaluatedEvent

/** Where a measure is in its lifecycle. */
export type MeasureStatus =
  | 'proposed'
  | 'decided'
  | 'started'
  | 'completed'
  | 'cancelled'
  | 'evaluated'

export type MeasureState =
  | { readonly status: 'absent' }
  | {
      readonly status: MeasureStatus
      readonly measureId: string
      readonly decidedOn?: string
      readonly startedOn?: string
      readonly completedOn?: string
    }

const lifecycle = (
  state: MeasureState,
  measureId: string,
  allowed: readonly MeasureStatus[],
  action: string,
) => {
  if (state.status === 'absent') {
    throw new DomainError('measure-not-found', `Measure "${measureId}" does not exist`, {
      measureId,
    })
  }
  if (!allowed.includes(state.status)) {
    throw new DomainError(
      'measure-lifecycle',
      `Cannot ${action} measure "${measureId}": it is ${state.status}`,
      { measureId, status: state.status, allowedFrom: allowed },
    )
  }
  return state
}

const decide = (
  command: MeasureCommand,
  state: MeasureState,
  context: DecideContext,
): MeasureEvent[] => {
  requireNotReporter(context, 'manage measures')
  switch (command.type) {
    case 'ProposeMeasure': {
      const { data } = command
      if (state.status !== 'absent') throw streamExists('Measure', data.measureId)
      const { registry } = context
      requireKnown(
        registry.organisations,
        [data.ownerOrganisationId],
        'unknown-organisation',
        'ownerOrganisationId',
      )
      requireKnown(registry.places, data.placeIds, 'unknown-place', 'placeIds')
      requireKnown(registry.places, data.controlPlaceIds, 'unknown-place', 'controlPlaceIds')
      requireKnown(registry.places, data.bufferPlaceIds, 'unknown-place', 'bufferPlaceIds')
      requireKnown(
        registry.categories,
        data.targetCategories,
        'unknown-category',
        'targetCategories',
      )
      if (data.problemId !== undefined && registry.problems !== undefined) {
        requireKnown(registry.problems, [data.problemId], 'unknown-problem', 'problemId')
      }
      // A place cannot be its own control or buffer: the comparison would be with itself.
      const treated = new Set(data.placeIds)
      for (const field of ['controlPlaceIds', 'bufferPlaceIds'] as const) {
        const clash = data[field]?.find((id) => treated.has(id))
        if (clash !== undefined) {
          throw new DomainError('invalid-command', `${field}: "${clash}" is also a treated place`, {
            field,
            id: clash,
          })
        }
      }
      requireOrder(data.plannedStart, data.plannedEnd, 'planned period')
      requireNoPersonalIdentityNumber(data)
      return [emit('MeasureProposed', data, context)]
    }
    case 'DecideMeasure': {
      const { data } = command
      lifecycle(state, data.measureId, ['proposed'], 'decide')
      requireNotInFuture(data.decidedOn, 'decidedOn', context)
      requireOrder(data.plannedStart, data.plannedEnd, 'planned period')
      requireNoPersonalIdentityNumber(data)
      return [emit('MeasureDecided', data, context)]
    }
    case 'StartMeasure': {
      const { data } = command
      const measure = lifecycle(state, data.measureId, ['decided'], 'start')
      requireOrder(measure.decidedOn, data.startedOn, 'startedOn (after decidedOn)')
      requireNotInFuture(data.startedOn, 'startedOn', context)
      requireNoPersonalIdentityNumber(data)
      return [emit('MeasureStarted', data, context)]
    }
    case 'CompleteMeasure': {
      const { data } = command
      const measure = lifecycle(state, data.measureId, ['started'], 'complete')
      requireOrder(measure.startedOn, data.completedOn, 'completedOn (after startedOn)')
      requireNotInFuture(data.completedOn, 'completedOn', context)
      requireNoPersonalIdentityNumber(data)
      return [emit('MeasureCompleted', data, context)]
    }
    case 'CancelMeasure': {
      const { data } = command
      const measure = lifecycle(state, data.measureId, ['proposed', 'decided', 'started'], 'cancel')
      requireOrder(measure.startedOn, data.cancelledOn, 'cancelledOn (after startedOn)')
      requireNotInFuture(data.cancelledOn, 'cancelledOn', context)
      requireNoPersonalIdentityNumber(data)
      return [emit('MeasureCancelled', data, context)]
    }
    case 'EvaluateMeasure': {
      const { data } = command
      // Re-evaluation is allowed: a later follow-up may revise the verdict.
      const measure = lifecycle(state, data.measureId, ['completed', 'evaluated'], 'evaluate')
      requireOrder(measure.completedOn, data.evaluatedOn, 'evaluatedOn (after completedOn)')
      requireNotInFuture(data.evaluatedOn, 'evaluatedOn', context)
      requireNoPersonalIdentityNumber(data)
      return [emit('MeasureEvaluated', data, context)]
    }
  }
}

const evolve = (state: MeasureState, event: MeasureEvent): MeasureState => {
  if (event.type === 'MeasureProposed') {
    return { status: 'proposed', measureId: event.data.measureId }
  }
  if (state.status === 'absent') return state
  switch (event.type) {
    case 'MeasureDecided':
      return { ...state, status: 'decided', decidedOn: event.data.decidedOn }
    case 'MeasureStarted':
      return { ...state, status: 'started', startedOn: event.data.startedOn }
    case 'MeasureCompleted':
      return { ...state, status: 'completed', completedOn: event.data.completedOn }
    case 'MeasureCancelled':
      return { ...state, status: 'cancelled' }
    case 'MeasureEvaluated':
      return { ...state, status: 'evaluated' }
  }
}

/**
 * The measure aggregate (stream `measure-<measureId>`): proposed → decided → started →
 * completed, cancellable before completion, evaluated after completion.
 * @throws DomainError stream-exists, forbidden, unknown-place, unknown-category,
 * unknown-organisation, unknown-problem, invalid-command, measure-not-found,
 * measure-lifecycle, end-before-start, date-in-future, personal-identity-number
 * @example measureDecider.decide({ type: 'StartMeasure', data }, state, context)
 */
export const measureDecider: Decider<MeasureState, MeasureCommand, MeasureEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
}
