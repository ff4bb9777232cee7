import { expect } from 'vitest'
import { DEFAULT_CATEGORY_CATALOGUE } from '../catalogue.js'
import type { DecideContext, Decider } from '../deciders/context.js'
import { isDomainError } from '../errors.js'
import { DomainEvent, type EventType } from '../events/index.js'
import { TEST_NOW, testEvent, testUuid } from './fixtures.js'

/** An event without metadata, as written in a test's given/then. */
export type EventSketch = { readonly type: EventType; readonly data: unknown }

export const TEST_PLACES = [
  'mjolby',
  'centrum',
  'resecentrum',
  'gastisparken',
  'gallerian',
  'skolgarden-vast',
  'stationsgatan',
] as const
export const TEST_ORGANISATIONS = ['org-municipality', 'org-housing', 'org-police'] as const

/** A context with a small Mjölby-like registry, now = TEST_NOW, one day of future tolerance. */
export const testContext = (overrides: Partial<DecideContext> = {}): DecideContext => {
  let next = 100
  return {
    now: TEST_NOW,
    tenantId: 'demo',
    actor: { organisationId: 'org-municipality', role: 'coordinator' },
    correlationId: testUuid(2),
    causationId: null,
    ids: { newEventId: () => testUuid(next++) },
    registry: {
      places: new Set<string>(TEST_PLACES),
      categories: new Set(DEFAULT_CATEGORY_CATALOGUE.map((c) => c.code)),
      organisations: new Set<string>(TEST_ORGANISATIONS),
    },
    futureToleranceDays: 1,
    ...overrides,
  }
}

const sketch = (e: DomainEvent): EventSketch => ({ type: e.type, data: e.data })

/**
 * Given/when/then over a decider, without a database:
 * `given([...past]).when(command).then([...expected])` or `.thenThrows('code')`.
 * Every emitted event is also validated against the DomainEvent schema, so a decider cannot
 * produce an event the store would later refuse to load.
 */
export const specFor =
  <S, C, E extends DomainEvent>(decider: Decider<S, C, E>) =>
  (history: readonly EventSketch[]) => ({
    when: (command: C, context: Partial<DecideContext> = {}) => {
      const run = (): E[] => {
        const state = history
          .map((e) => testEvent(e.type, e.data as never) as E)
          .reduce(decider.evolve, decider.initialState())
        return decider.decide(command, state, testContext(context))
      }
      return {
        // biome-ignore lint/suspicious/noThenProperty: given/when/then is the vocabulary we want; this object is never awaited.
        then: (expected: readonly EventSketch[]): E[] => {
          const events = run()
          for (const e of events) {
            const parsed = DomainEvent.safeParse(e)
            expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
          }
          expect(events.map(sketch)).toEqual(expected)
          return events
        },
        thenThrows: (code: string): void => {
          let caught: unknown
          try {
            run()
          } catch (e) {
            caught = e
          }
          expect(isDomainError(caught), `expected DomainError ${code}, got ${String(caught)}`).toBe(
            true,
          )
          expect((caught as { code: string }).code).toBe(code)
        },
      }
    },
  })
