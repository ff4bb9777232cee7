import { DomainEvent } from '@lagesbild/domain'
import { describe, expect, it } from 'vitest'
import type { LogEntry } from './event-log.js'
import { generateLargeMunicipality, type LargeMunicipalitySummary } from './large.js'

const run = (options: Parameters<typeof generateLargeMunicipality>[0]) => {
  const it = generateLargeMunicipality(options)
  const batches: LogEntry[][] = []
  for (;;) {
    const next = it.next()
    if (next.done) return { batches, summary: next.value as LargeMunicipalitySummary }
    batches.push(next.value)
  }
}

describe('generateLargeMunicipality', () => {
  const { batches, summary } = run({ seed: 3, observations: 100_000, places: 120, batchSize: 500 })
  const log = batches.flat()

  it('generates exactly the requested observations in reports of at most 500', () => {
    let observations = 0
    for (const { event } of log) {
      if (event.type !== 'ReportSubmitted') continue
      expect(event.data.observations.length).toBeLessThanOrEqual(500)
      observations += event.data.observations.length
    }
    expect(observations).toBe(100_000)
    expect(summary.observations).toBe(100_000)
    expect(summary.events).toBe(log.length)
    expect(batches.slice(0, -1).every((b) => b.length === 500)).toBe(true)
  })

  it('writes valid domain events on registered places', () => {
    const places = new Set<string>()
    for (const { event } of log)
      if (event.type === 'PlaceRegistered') places.add(event.data.placeId)
    expect(places.size).toBe(1 + 12 + 120)
    // Parsing all 100k observations would dominate the suite; every 20th event is plenty.
    for (let i = 0; i < log.length; i += 20) {
      const event = (log[i] as LogEntry).event
      expect(DomainEvent.parse(event)).toEqual(event)
    }
    const unknown = log.flatMap(({ event }) =>
      event.type === 'ReportSubmitted'
        ? event.data.observations.filter((o) => !places.has(o.placeId))
        : [],
    )
    expect(unknown).toEqual([])
  })

  it('orders the log by recordedAt', () => {
    const times = log.map((x) => Date.parse(x.event.metadata.recordedAt))
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] as number))).toBe(true)
  })

  it('concentrates observations on hot spots', () => {
    const perPlace = new Map<string, number>()
    for (const { event } of log) {
      if (event.type !== 'ReportSubmitted') continue
      for (const o of event.data.observations) {
        perPlace.set(o.placeId, (perPlace.get(o.placeId) ?? 0) + 1)
      }
    }
    const counts = [...perPlace.values()].sort((a, b) => b - a)
    expect((counts[0] as number) / (counts[counts.length - 1] as number)).toBeGreaterThan(10)
  })

  it('is deterministic per seed', () => {
    const a = run({ seed: 5, observations: 2000, places: 15 }).batches.flat()
    const b = run({ seed: 5, observations: 2000, places: 15 }).batches.flat()
    const c = run({ seed: 6, observations: 2000, places: 15 }).batches.flat()
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c))
  })

  it('rejects sizes it cannot honour', () => {
    expect(() => run({ observations: 0 })).toThrow(/positive integer/)
    expect(() => run({ places: 2.5 })).toThrow(/positive integer/)
    expect(() => run({ from: '2024-01-01', to: '2024-01-05' })).toThrow(/14-day/)
  })
})
