import { expect } from 'vitest'
import type { DecideContext, Decider } from '../deciders/context.js'
import { isDomainError } from '../errors.js'
import { DomainEvent, type EventType } from '../events/index.js'
import { testContext, testEvent } from './fixtures.js'

export { TEST_ORGANISATIONS, TEST_PLACES, testContext } from './fixtures.js'

/** An event without metadata, as written in a test's given/then. */
export type EventSketch = { readonly type: EventType; readonly data: unknown }

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
