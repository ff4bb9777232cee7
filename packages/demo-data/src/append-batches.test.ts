import { describe, expect, it } from 'vitest'
import { toAppendBatches } from './append-batches.js'
import { generateDemo } from './demo.js'

describe('toAppendBatches', () => {
  const { log } = generateDemo({ from: '2024-01-01', to: '2024-12-31' })

  it('covers the log once, with the expected version each stream slice starts from', () => {
    const versions = new Map<string, number>()
    let events = 0
    for (const batch of toAppendBatches(log, 100)) {
      expect(batch.reduce((s, r) => s + r.events.length, 0)).toBeLessThanOrEqual(100)
      for (const r of batch) {
        const current = versions.get(r.streamId) ?? 0
        expect(r.expectedVersion).toBe(current === 0 ? 'no-stream' : current)
        versions.set(r.streamId, current + r.events.length)
        events += r.events.length
        expect(r.tenantId).toBe('demo')
        for (const e of r.events) expect(e.recordedAt).toBe(e.metadata.recordedAt)
      }
    }
    expect(events).toBe(log.length)
  })

  it('refuses a log whose stream versions skip', () => {
    const broken = log.filter((x) => !(x.streamId === 'config' && x.version === 2))
    expect(() => [...toAppendBatches(broken)]).toThrow(/jumps to version 3/)
  })
})
