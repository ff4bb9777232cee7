import { describe, expect, it } from 'vitest'
import { generateDemo } from './demo.js'
import { generateLargeMunicipality } from './large.js'
import { replayThroughDeciders } from './testing/replay.js'

/**
 * The strongest check that the demo is realistic data: replaying it as commands through the
 * domain's own deciders must be accepted and must produce exactly the generated events. Schema
 * validity alone would let through reports on unregistered places, corrections of unknown
 * observations, measures started before they were decided, or survey chunks cut differently
 * from the API's.
 */
describe('replay through the domain deciders', () => {
  it('accepts the demo command by command and reproduces every event', () => {
    const { log } = generateDemo()
    expect(replayThroughDeciders(log)).toBeGreaterThan(1000)
  })

  it('accepts a small large municipality', () => {
    const log = [...generateLargeMunicipality({ observations: 20_000, places: 30 })].flat()
    expect(replayThroughDeciders(log)).toBeGreaterThan(100)
  })

  it('notices a report on a place that was never registered', () => {
    const { log } = generateDemo({ from: '2024-01-01', to: '2024-06-30' })
    const broken = log.map((x) =>
      x.event.type === 'ReportSubmitted'
        ? {
            ...x,
            event: {
              ...x.event,
              data: {
                ...x.event.data,
                observations: x.event.data.observations.map((o) => ({ ...o, placeId: 'nowhere' })),
              },
            },
          }
        : x,
    )
    expect(() => replayThroughDeciders(broken)).toThrow(/refused.*nowhere/)
  })

  it('notices an event the decider would have written differently', () => {
    const { log } = generateDemo({ from: '2024-01-01', to: '2024-06-30' })
    const index = log.findIndex(
      (x) => x.event.type === 'MeasureStarted' || x.event.type === 'ReportSubmitted',
    )
    const entry = log[index] as (typeof log)[number]
    const tampered = {
      ...entry,
      event: { ...entry.event, metadata: { ...entry.event.metadata, schemaVersion: 7 } },
    }
    const broken = [...log.slice(0, index), tampered, ...log.slice(index + 1)]
    expect(() => replayThroughDeciders(broken)).toThrow(/wrote other events/)
  })
})
