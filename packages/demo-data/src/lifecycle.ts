import type { Actor } from '@lagesbild/domain'
import { dayOf, localInstant } from './calendar.js'
import type { EventCollector, Stamp } from './event-log.js'
import { DEMO_MEASURES, DEMO_PROBLEMS, type DemoMeasure } from './measures.js'
import { createRandom, type Random } from './random/index.js'

const HOUR = 3600

/**
 * Problems and measures with their lifecycle events on their dates, at office hours. Only what
 * lies inside [from, to] is emitted; a measure proposed before `from` is left out entirely so
 * that no stream starts in the middle of its lifecycle.
 * @returns the measures that were emitted
 */
export const emitProblemsAndMeasures = (
  out: EventCollector,
  input: {
    readonly seed: number
    readonly from: string
    readonly to: string
    readonly newId: () => string
  },
): DemoMeasure[] => {
  const { seed, from, to } = input
  const ids = { uuid: input.newId }
  const at = localInstant
  const officeHours = (r: Random, day: number): Stamp => at(day, r.int(8 * HOUR, 16 * HOUR))
  const coordinator: Actor = { organisationId: 'municipality', role: 'coordinator' }
  const inRange = (date: string | undefined): date is string =>
    date !== undefined && date >= from && date <= to
  const lifecycleRng = createRandom(seed, 'lifecycle')
  for (const problem of DEMO_PROBLEMS) {
    if (!inRange(problem.identifiedOn)) continue
    const correlationId = ids.uuid()
    out.emit(
      'ProblemIdentified',
      {
        problemId: problem.problemId,
        title: problem.title,
        description: problem.description,
        placeIds: [...problem.placeIds],
        categoryCodes: [...problem.categoryCodes],
        identifiedOn: problem.identifiedOn,
      },
      officeHours(lifecycleRng, dayOf(problem.identifiedOn)),
      coordinator,
      { correlationId },
    )
    if (inRange(problem.analysedOn)) {
      out.emit(
        'ProblemAnalysed',
        {
          problemId: problem.problemId,
          analysedOn: problem.analysedOn,
          triangle: problem.triangle,
        },
        officeHours(lifecycleRng, dayOf(problem.analysedOn)),
        { organisationId: 'municipality', role: 'analyst' },
        { correlationId },
      )
    }
    if (problem.closed !== undefined && inRange(problem.closed.on)) {
      out.emit(
        'ProblemClosed',
        {
          problemId: problem.problemId,
          closedOn: problem.closed.on,
          outcome: problem.closed.outcome,
          note: problem.closed.note,
        },
        officeHours(lifecycleRng, dayOf(problem.closed.on)),
        coordinator,
        { correlationId },
      )
    }
  }

  const measures = DEMO_MEASURES.filter((m) => inRange(m.proposedOn))
  for (const m of measures) emitMeasure(m)

  function emitMeasure(m: DemoMeasure): void {
    const correlationId = ids.uuid()
    const owner: Actor = { organisationId: m.ownerOrganisationId, role: 'coordinator' }
    const stamp = (date: string) => officeHours(lifecycleRng, dayOf(date))
    const withProblem =
      m.problemId !== undefined &&
      DEMO_PROBLEMS.some((p) => p.problemId === m.problemId && inRange(p.identifiedOn))
    out.emit(
      'MeasureProposed',
      {
        measureId: m.measureId,
        title: m.title,
        description: m.description,
        type: m.type,
        ownerOrganisationId: m.ownerOrganisationId,
        placeIds: [...m.placeIds],
        targetCategories: [...m.targetCategories],
        ...(m.controlPlaceIds.length > 0 ? { controlPlaceIds: [...m.controlPlaceIds] } : {}),
        ...(m.bufferPlaceIds.length > 0 ? { bufferPlaceIds: [...m.bufferPlaceIds] } : {}),
        ...(withProblem && m.problemId !== undefined ? { problemId: m.problemId } : {}),
        ...(m.plannedStart === undefined ? {} : { plannedStart: m.plannedStart }),
        ...(m.plannedEnd === undefined ? {} : { plannedEnd: m.plannedEnd }),
      },
      stamp(m.proposedOn),
      coordinator,
      { correlationId },
    )
    if (inRange(m.decidedOn)) {
      out.emit(
        'MeasureDecided',
        {
          measureId: m.measureId,
          decidedOn: m.decidedOn,
          ...(m.plannedStart === undefined ? {} : { plannedStart: m.plannedStart }),
          ...(m.plannedEnd === undefined ? {} : { plannedEnd: m.plannedEnd }),
        },
        stamp(m.decidedOn),
        coordinator,
        { correlationId },
      )
    }
    if (m.cancelled !== undefined && inRange(m.cancelled.on)) {
      out.emit(
        'MeasureCancelled',
        { measureId: m.measureId, cancelledOn: m.cancelled.on, reason: m.cancelled.reason },
        stamp(m.cancelled.on),
        coordinator,
        { correlationId },
      )
    }
    if (inRange(m.startedOn)) {
      out.emit(
        'MeasureStarted',
        { measureId: m.measureId, startedOn: m.startedOn },
        stamp(m.startedOn),
        owner,
        { correlationId },
      )
    }
    if (inRange(m.completedOn)) {
      out.emit(
        'MeasureCompleted',
        { measureId: m.measureId, completedOn: m.completedOn },
        stamp(m.completedOn),
        owner,
        { correlationId },
      )
    }
    if (m.evaluation !== undefined && inRange(m.evaluation.on)) {
      out.emit(
        'MeasureEvaluated',
        {
          measureId: m.measureId,
          evaluatedOn: m.evaluation.on,
          verdict: m.evaluation.verdict,
          evidenceLevel: m.evaluation.evidenceLevel,
          notes: m.evaluation.notes,
        },
        stamp(m.evaluation.on),
        { organisationId: 'municipality', role: 'evaluator' },
        { correlationId },
      )
    }
  }
  return measures
}
