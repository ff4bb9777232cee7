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
import { describe, expect, it } from 'vitest'
import { generateDemo } from './demo.js'

const COMMAND_OF: Readonly<Record<Exclude<EventType, 'SurveyWaveImported'>, string>> = {
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
 * The strongest check that the demo is realistic data: replaying it as commands through the
 * domain's own deciders (with the registry a real API would hold at each moment) must be
 * accepted and must produce exactly the generated events. Schema validity alone would let
 * through reports on unregistered places, corrections of unknown observations, measures started
 * before they were decided, or survey chunks cut differently from the API's.
 */
describe('the demo replayed through the domain deciders', () => {
  it('is accepted command by command and reproduces every event', () => {
    const { log } = generateDemo({ from: '2019-01-01', to: '2025-12-31' })
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
      expect(decided.streamId).toBe(streamId)
      expect(decided.events).toEqual(expected)
      streams.set(streamId, [...(streams.get(streamId) ?? []), ...expected])
      for (const e of expected) learn(e)
      i += expected.length
    }
  })
})
