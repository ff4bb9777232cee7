import { describe, expect, it } from 'vitest'
import { isDomainError } from '../errors.js'
import type { DomainEvent } from '../events/index.js'
import { streamIdFor } from '../streams.js'
import { testContext } from '../testing/decider-spec.js'
import { Command, decideCommand, streamIdForCommand } from './index.js'

describe('decideCommand', () => {
  it('runs a measure through its lifecycle on one stream, folding the history each time', () => {
    const commands: unknown[] = [
      {
        type: 'ProposeMeasure',
        data: {
          measureId: 'm1',
          title: 'Ordningsvakter vid Resecentrum',
          type: 'guarding',
          ownerOrganisationId: 'org-municipality',
          placeIds: ['resecentrum'],
          targetCategories: ['disturbing-gatherings'],
        },
      },
      { type: 'DecideMeasure', data: { measureId: 'm1', decidedOn: '2024-02-01' } },
      { type: 'StartMeasure', data: { measureId: 'm1', startedOn: '2024-02-05' } },
    ]
    const history: DomainEvent[] = []
    for (const raw of commands) {
      // Parsing with the Command schema is what the API does with a request body.
      const command = Command.parse(raw)
      const { streamId, events } = decideCommand(command, history, testContext())
      expect(streamId).toBe('measure-m1')
      expect(streamIdForCommand(command)).toBe(streamId)
      for (const e of events) expect(streamIdFor(e)).toBe(streamId)
      history.push(...events)
    }
    expect(history.map((e) => e.type)).toEqual([
      'MeasureProposed',
      'MeasureDecided',
      'MeasureStarted',
    ])

    let caught: unknown
    try {
      decideCommand(
        { type: 'StartMeasure', data: { measureId: 'm1', startedOn: '2024-02-06' } },
        history,
        testContext(),
      )
    } catch (e) {
      caught = e
    }
    expect(isDomainError(caught, 'measure-lifecycle')).toBe(true)
  })

  it('rejects a malformed command body at the schema', () => {
    expect(Command.safeParse({ type: 'StartMeasure', data: { measureId: 'm1' } }).success).toBe(
      false,
    )
    expect(Command.safeParse({ type: 'LaunchRocket', data: {} }).success).toBe(false)
  })
})
