import { z } from 'zod'
import type { DomainEvent } from '../events/index.js'
import { streamIds } from '../streams.js'
import { ConfigCommand, configDecider } from './config.js'
import type { DecideContext, Decider } from './context.js'
import { MeasureCommand, measureDecider } from './measure.js'
import { OrganisationCommand, organisationDecider } from './organisation.js'
import { PlaceCommand, placeDecider } from './place.js'
import { ProblemCommand, problemDecider } from './problem.js'
import { ReportCommand, reportDecider } from './report.js'
import { SurveyCommand, surveyDecider } from './survey.js'

/** Every command the domain accepts, discriminated by `type`. */
export const Command = z
  .discriminatedUnion('type', [
    ...PlaceCommand.options,
    ...OrganisationCommand.options,
    ...ConfigCommand.options,
    ...ReportCommand.options,
    ...ProblemCommand.options,
    ...MeasureCommand.options,
    ...SurveyCommand.options,
  ])
  .meta({ id: 'Command' })
export type Command = z.infer<typeof Command>

export type CommandType = Command['type']

type Route = { readonly streamId: string; readonly decider: Decider<unknown, Command> }

const route = (command: Command): Route => {
  const as = <S, C, E extends DomainEvent>(decider: Decider<S, C, E>) =>
    decider as unknown as Decider<unknown, Command>
  switch (command.type) {
    case 'RegisterPlace':
    case 'ChangePlace':
      return { streamId: streamIds.place(command.data.placeId), decider: as(placeDecider) }
    case 'RegisterOrganisation':
      return {
        streamId: streamIds.organisation(command.data.organisationId),
        decider: as(organisationDecider),
      }
    case 'SetReportingCadence':
    case 'SetCategoryCatalogue':
    case 'SetHarmWeights':
    case 'SetStatusRule':
    case 'SetAssessmentScale':
      return { streamId: streamIds.config(), decider: as(configDecider) }
    case 'SubmitReport':
    case 'CorrectObservation':
    case 'RetractReport':
      return { streamId: streamIds.report(command.data.reportId), decider: as(reportDecider) }
    case 'IdentifyProblem':
    case 'AnalyseProblem':
    case 'CloseProblem':
      return { streamId: streamIds.problem(command.data.problemId), decider: as(problemDecider) }
    case 'ProposeMeasure':
    case 'DecideMeasure':
    case 'StartMeasure':
    case 'CompleteMeasure':
    case 'CancelMeasure':
    case 'EvaluateMeasure':
      return { streamId: streamIds.measure(command.data.measureId), decider: as(measureDecider) }
    case 'ImportSurveyWave':
      return { streamId: streamIds.survey(command.data.waveId), decider: as(surveyDecider) }
  }
}

/**
 * The stream a command reads and appends to.
 * @example streamIdForCommand({ type: 'StartMeasure', data }) // 'measure-<measureId>'
 */
export const streamIdForCommand = (command: Command): string => route(command).streamId

/**
 * Runs a command against its stream's history: folds the history with the aggregate's
 * `evolve`, then `decide`s. The caller reads the stream, calls this, and appends the result
 * with the stream version it read (optimistic concurrency).
 * @param command a validated command
 * @param history the events of `streamIdForCommand(command)`, oldest first
 * @param context now, tenant, actor, ids and the registry of cross-stream facts
 * @returns the stream id and the new events (possibly several, e.g. survey chunks)
 * @throws DomainError for any broken rule (see each decider)
 * @example
 * const { streamId, events } = decideCommand(cmd, await store.read(tenant, streamIdForCommand(cmd)), ctx)
 */
export const decideCommand = (
  command: Command,
  history: readonly DomainEvent[],
  context: DecideContext,
): { streamId: string; events: DomainEvent[] } => {
  const { streamId, decider } = route(command)
  const state = history.reduce(decider.evolve, decider.initialState())
  return { streamId, events: decider.decide(command, state, context) }
}
