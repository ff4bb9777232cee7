import { isDeepStrictEqual } from 'node:util'
import {
  type AssessmentScale,
  type Command,
  DEFAULT_FUTURE_TOLERANCE_DAYS,
  type DecideContext,
  type DomainEvent,
  decideCommand,
  type EventType,
  mergeSurveyChunks,
} from '@lagesbild/domain'
import type { LogEntry } from '../event-log.js'

// Survey waves are replayed chunk-merged below; official statistics have no command (only the
// public-source importer writes them) and the demo holds none.
const COMMAND_OF: Readonly<
  Record<Exclude<EventType, 'SurveyWaveImported' | 'OfficialStatisticsPublished'>, string>
> = {
  PlaceRegistered: 'RegisterPlace',
  PlaceChanged: 'ChangePlace',
  OrganisationRegistered: 'RegisterOrganisation',
  ReportingCadenceSet: 'SetReportingCadence',
  CategoryCatalogueSet: 'SetCategoryCatalogue',
  HarmWeightsSet: 'SetHarmWeights',
  StatusRuleSet: 'SetStatusRule',
  AssessmentScaleSet: 'SetAssessmentScale',
  ReportSubmitted: 'SubmitReport',
  ObservationCorrected: 'CorrectObservation',
  ReportRetracted: 'RetractReport',
  ProblemIdentified: 'IdentifyProblem',
  ProblemAnalysed: 'AnalyseProblem',
  ProblemClosed: 'CloseProblem',
  MeasureProposed: 'ProposeMeasure',
  MeasureDecided: 'DecideMeasure',
  MeasureStarted: 'StartMeasure',
  MeasureCompleted: 'CompleteMeasure',
  MeasureCancelled: 'CancelMeasure',
  MeasureEvaluated: 'EvaluateMeasure',
}

/**
 * Replays a log as commands through the domain's deciders, with the registry (places,
 * organisations, active categories, problems, assessment scale) a live API would hold at each
 * moment, and checks that every command is accepted and reproduces its events exactly.
 * @param log entries in log order
 * @returns how many commands were replayed
 * @throws Error naming the first refused or diverging entry
 * @example replayThroughDeciders(generateDemo().log)
 */
export const replayThroughDeciders = (log: readonly LogEntry[]): number => {
  let commands = 0
  const streams = new Map<string, DomainEvent[]>()
  const places = new Set<string>()
  const organisations = new Set<string>()
  const categories = new Set<string>()
  const problems = new Set<string>()
  let assessmentScale: AssessmentScale | undefined
  const learn = (e: DomainEvent) => {
    if (e.type === 'PlaceRegistered') places.add(e.data.placeId)
    if (e.type === 'OrganisationRegistered') organisations.add(e.data.organisationId)
    if (e.type === 'ProblemIdentified') problems.add(e.data.problemId)
    if (e.type === 'AssessmentScaleSet') assessmentScale = e.data.scale
    if (e.type === 'CategoryCatalogueSet') {
      categories.clear()
      for (const c of e.data.categories) if (c.active) categories.add(c.code)
    }
  }

  for (let i = 0; i < log.length; ) {
    const { streamId, event } = log[i] as (typeof log)[number]
    if (event.type === 'OfficialStatisticsPublished') {
      throw new Error(`${streamId}: official statistics have no command to replay`)
    }
    // A survey import is one command that the decider splits into all of its chunks.
    const expected =
      event.type === 'SurveyWaveImported'
        ? log.slice(i, i + event.data.chunk.count).map((x) => x.event)
        : [event]
    const command = (
      event.type === 'SurveyWaveImported'
        ? {
            type: 'ImportSurveyWave',
            data: mergeSurveyChunks(
              expected.map((e) => (e.type === 'SurveyWaveImported' ? e.data : event.data)),
            ),
          }
        : { type: COMMAND_OF[event.type], data: event.data }
    ) as Command
    const eventIds = expected.map((e) => e.metadata.eventId)
    const context: DecideContext = {
      now: event.metadata.recordedAt,
      tenantId: event.metadata.tenantId,
      actor: event.metadata.actor,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      ids: { newEventId: () => eventIds.shift() ?? 'exhausted' },
      registry: {
        places,
        organisations,
        categories,
        problems,
        ...(assessmentScale ? { assessmentScale } : {}),
      },
      futureToleranceDays: DEFAULT_FUTURE_TOLERANCE_DAYS,
    }
    let decided: { streamId: string; events: DomainEvent[] }
    try {
      decided = decideCommand(command, streams.get(streamId) ?? [], context)
    } catch (error) {
      throw new Error(`log[${i}] ${event.type} on ${streamId} was refused: ${String(error)}`)
    }
    if (decided.streamId !== streamId || !isDeepStrictEqual(decided.events, expected)) {
      throw new Error(`log[${i}] ${event.type} on ${streamId}: the decider wrote other events`)
    }
    streams.set(streamId, [...(streams.get(streamId) ?? []), ...expected])
    for (const e of expected) learn(e)
    i += expected.length
    commands++
  }
  return commands
}
