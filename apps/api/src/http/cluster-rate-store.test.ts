import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { answerRateRequests, ClusterRateStore, type RateChannel } from './cluster-rate-store.js'

/** A worker's IPC channel wired to an in-process primary, answering on a later tick as IPC does. */
const channelTo = (answer: ((message: unknown) => unknown) | undefined): RateChannel => {
  const events = new EventEmitter()
  return {
    send: (message) => {
      const reply = answer?.(message)
      if (reply !== undefined) setImmediate(() => events.emit('message', reply))
    },
    on: (event, listener) => events.on(event, listener),
  }
}

describe('ClusterRateStore', () => {
  it("counts every worker's hits in one book kept by the primary", async () => {
    const primary = answerRateRequests()
    const a = new ClusterRateStore(channelTo(primary))
    const b = new ClusterRateStore(channelTo(primary))
    a.init({ windowMs: 60_000 })
    b.init({ windowMs: 60_000 })
    expect((await a.increment('token-1')).totalHits).toBe(1)
    expect((await b.increment('token-1')).totalHits).toBe(2)
    const third = await a.increment('token-1')
    expect(third.totalHits).toBe(3)
    expect(third.resetTime?.getTime()).toBeGreaterThan(Date.now())
    expect((await b.increment('token-2')).totalHits).toBe(1)
    await b.decrement('token-1')
    expect((await a.increment('token-1')).totalHits).toBe(3)
    await a.resetKey('token-1')
    expect((await b.increment('token-1')).totalHits).toBe(1)
  })

  it('counts alone when the primary does not answer, rather than failing requests', async () => {
    const store = new ClusterRateStore(channelTo(undefined), 20)
    store.init({ windowMs: 60_000 })
    expect((await store.increment('token-1')).totalHits).toBe(1)
    expect((await store.increment('token-1')).totalHits).toBe(2)
  })

  it('ignores messages that are not its own', () => {
    const primary = answerRateRequests()
    expect(primary({ type: 'other', key: 'x' })).toBeUndefined()
    expect(primary('lagesbild:rate')).toBeUndefined()
  })
})
