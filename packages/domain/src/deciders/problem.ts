import { z } from 'zod'
import { DomainError } from '../errors.js'
import {
  ProblemAnalysedData,
  type ProblemAnalysed as ProblemAnalysedEvent,
  ProblemClosedData,
  type ProblemClosed as ProblemClosedEvent,
  ProblemIdentifiedData,
  type ProblemIdentified as ProblemIdentifiedEvent,
} from '../events/problem.js'
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

/** Name a recurring problem at one or more places. */
export const IdentifyProblem = defineCommand('IdentifyProblem', ProblemIdentifiedData)
export type IdentifyProblem = z.infer<typeof IdentifyProblem>
/** Record a root-cause analysis (place, offender, target). */
export const AnalyseProblem = defineCommand('AnalyseProblem', ProblemAnalysedData)
export type AnalyseProblem = z.infer<typeof AnalyseProblem>
export const CloseProblem = defineCommand('CloseProblem', ProblemClosedData)
export type CloseProblem = z.infer<typeof CloseProblem>

export const ProblemCommand = z
  .discriminatedUnion('type', [IdentifyProblem, AnalyseProblem, CloseProblem])
  .meta({ id: 'ProblemCommand' })
export type ProblemCommand = z.infer<typeof ProblemCommand>

export type ProblemEvent = ProblemIdentifiedEvent | ProblemAnalysedEvent | ProblemClosedEvent

export type ProblemState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'identified' | 'analysed' | 'closed'
      readonly problemId: string
      readonly identifiedOn: string
    }

const requireOpen = (state: ProblemState, problemId: string, action: string) => {
  if (state.status === 'absent') {
    throw new DomainError('problem-not-found', `Problem "${problemId}" does not exist`, {
      problemId,
    })
  }
  if (state.status === 'closed') {
    throw new DomainError('problem-lifecycle', `Cannot ${action} closed problem "${problemId}"`, {
      problemId,
      status: state.status,
    })
  }
  return state
}

const decide = (
  command: ProblemCommand,
  state: ProblemState,
  context: DecideContext,
): ProblemEvent[] => {
  requireNotReporter(context, 'manage problems')
  switch (command.type) {
    case 'IdentifyProblem': {
      const { data } = command
      if (state.status !== 'absent') throw streamExists('Problem', data.problemId)
      requireKnown(context.registry.places, data.placeIds, 'unknown-place', 'placeIds')
      requireKnown(
        context.registry.categories,
        data.categoryCodes,
        'unknown-category',
        'categoryCodes',
      )
      requireNotInFuture(data.identifiedOn, 'identifiedOn', context)
      requireNoPersonalIdentityNumber(data)
      return [emit('ProblemIdentified', data, context)]
    }
    case 'AnalyseProblem': {
      const { data } = command
      const problem = requireOpen(state, data.problemId, 'analyse')
      requireOrder(problem.identifiedOn, data.analysedOn, 'analysedOn (after identifiedOn)')
      requireNotInFuture(data.analysedOn, 'analysedOn', context)
      requireNoPersonalIdentityNumber(data)
      return [emit('ProblemAnalysed', data, context)]
    }
    case 'CloseProblem': {
      const { data } = command
      const problem = requireOpen(state, data.problemId, 'close')
      requireOrder(problem.identifiedOn, data.closedOn, 'closedOn (after identifiedOn)')
      requireNotInFuture(data.closedOn, 'closedOn', context)
      requireNoPersonalIdentityNumber(data)
      return [emit('ProblemClosed', data, context)]
    }
  }
}

const evolve = (state: ProblemState, event: ProblemEvent): ProblemState => {
  switch (event.type) {
    case 'ProblemIdentified':
      return {
        status: 'identified',
        problemId: event.data.problemId,
        identifiedOn: event.data.identifiedOn,
      }
    case 'ProblemAnalysed':
      return state.status === 'absent' ? state : { ...state, status: 'analysed' }
    case 'ProblemClosed':
      return state.status === 'absent' ? state : { ...state, status: 'closed' }
  }
}

/**
 * The problem aggregate (stream `problem-<problemId>`): identified, analysed (repeatedly),
 * closed.
 * @throws DomainError stream-exists, forbidden, unknown-place, unknown-category,
 * problem-not-found, problem-lifecycle, end-before-start, date-in-future,
 * personal-identity-number
 * @example problemDecider.decide({ type: 'CloseProblem', data }, state, context)
 */
export const problemDecider: Decider<ProblemState, ProblemCommand, ProblemEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
}
