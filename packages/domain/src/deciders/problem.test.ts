import { describe, it } from 'vitest'
import type { ProblemIdentifiedData } from '../events/problem.js'
import { specFor } from '../testing/decider-spec.js'
import { problemDecider } from './problem.js'

const given = specFor(problemDecider)

const problem: ProblemIdentifiedData = {
  problemId: 'p1',
  title: 'Droghandel kvällstid vid Resecentrum',
  placeIds: ['resecentrum'],
  categoryCodes: ['open-drug-dealing', 'disturbing-gatherings'],
  identifiedOn: '2024-01-20',
}
const identified = { type: 'ProblemIdentified', data: problem } as const
const analysis = {
  problemId: 'p1',
  analysedOn: '2024-02-05',
  triangle: {
    place: 'Skymd väntsal utan personal efter 19; trasig belysning vid cykelstället',
    offender: 'Återkommande försäljning till ungdomar kvällstid',
    target: 'Resenärer och ungdomar som väntar på sista bussen',
  },
} as const
const analysed = { type: 'ProblemAnalysed', data: analysis } as const
const closing = {
  problemId: 'p1',
  closedOn: '2024-03-10',
  outcome: 'reduced',
  note: 'Inga observationer sedan februari',
} as const
const closed = { type: 'ProblemClosed', data: closing } as const

describe('IdentifyProblem', () => {
  const cmd = { type: 'IdentifyProblem', data: problem } as const
  it('records the problem', () => {
    given([]).when(cmd).then([identified])
  })
  it('refuses a second identification on the same stream', () => {
    given([identified]).when(cmd).thenThrows('stream-exists')
  })
  it('refuses unknown places and categories', () => {
    given([])
      .when({ type: 'IdentifyProblem', data: { ...problem, placeIds: ['atlantis'] } })
      .thenThrows('unknown-place')
    given([])
      .when({ type: 'IdentifyProblem', data: { ...problem, categoryCodes: ['jaywalking'] } })
      .thenThrows('unknown-category')
  })
  it('refuses an identification date in the future', () => {
    given([])
      .when({ type: 'IdentifyProblem', data: { ...problem, identifiedOn: '2025-01-01' } })
      .thenThrows('date-in-future')
  })
  it('refuses a reporter', () => {
    given([])
      .when(cmd, { actor: { organisationId: 'org-housing', role: 'reporter' } })
      .thenThrows('forbidden')
  })
})

describe('AnalyseProblem', () => {
  const cmd = { type: 'AnalyseProblem', data: analysis } as const
  it('records the analysis, and a later one supersedes it', () => {
    given([identified]).when(cmd).then([analysed])
    given([identified, analysed]).when(cmd).then([analysed])
  })
  it('refuses a missing or closed problem', () => {
    given([]).when(cmd).thenThrows('problem-not-found')
    given([identified, closed]).when(cmd).thenThrows('problem-lifecycle')
  })
  it('refuses an analysis dated before identification', () => {
    given([identified])
      .when({ type: 'AnalyseProblem', data: { ...analysis, analysedOn: '2024-01-01' } })
      .thenThrows('end-before-start')
  })
  it('refuses a named person by identity number in the triangle', () => {
    given([identified])
      .when({
        type: 'AnalyseProblem',
        data: { ...analysis, triangle: { ...analysis.triangle, offender: 'Främst 811218-9876' } },
      })
      .thenThrows('personal-identity-number')
  })
})

describe('CloseProblem', () => {
  const cmd = { type: 'CloseProblem', data: closing } as const
  it('closes an identified or analysed problem', () => {
    given([identified]).when(cmd).then([closed])
    given([identified, analysed]).when(cmd).then([closed])
  })
  it('refuses closing twice or a missing problem', () => {
    given([identified, closed]).when(cmd).thenThrows('problem-lifecycle')
    given([]).when(cmd).thenThrows('problem-not-found')
  })
  it('refuses a closing date before identification or in the future', () => {
    given([identified])
      .when({ type: 'CloseProblem', data: { ...closing, closedOn: '2023-12-31' } })
      .thenThrows('end-before-start')
    given([identified])
      .when({ type: 'CloseProblem', data: { ...closing, closedOn: '2024-04-01' } })
      .thenThrows('date-in-future')
  })
})
