import { describe, expect, it } from 'vitest'
import { VersionReader } from './read-cache.js'

/** A version source whose queries the test resolves by hand, in order. */
const manual = () => {
  const pending: { tenantId: string; resolve: (v: string) => void; reject: (e: Error) => void }[] =
    []
  let version = 0
  const reader = new VersionReader(
    (tenantId) =>
      new Promise<string>((resolve, reject) => pending.push({ tenantId, resolve, reject })),
  )
  /** Answers the oldest open query with the data version as it is now. */
  const answer = async () => {
    const q = pending.shift()
    if (q === undefined) throw new Error('no query in flight')
    q.resolve(`${q.tenantId}@${version}`)
    await new Promise((r) => setTimeout(r, 0))
  }
  return {
    reader,
    pending,
    answer,
    write: () => {
      version++
    },
  }
}

describe('VersionReader', () => {
  it('runs one query per tenant at a time; callers arriving meanwhile share the next', async () => {
    const m = manual()
    const first = m.reader.version('a')
    const waiting = [m.reader.version('a'), m.reader.version('a'), m.reader.version('a')]
    const other = m.reader.version('b')
    expect(m.pending.map((q) => q.tenantId)).toEqual(['a', 'b'])
    await m.answer()
    expect(await first).toBe('a@0')
    // The follow-up started only now, after every waiting caller had arrived.
    expect(m.pending.map((q) => q.tenantId)).toEqual(['b', 'a'])
    await m.answer()
    await m.answer()
    expect(await Promise.all(waiting)).toEqual(['a@0', 'a@0', 'a@0'])
    expect(await other).toBe('b@0')
  })

  it('never answers a caller from a query that started before it arrived', async () => {
    const m = manual()
    const before = m.reader.version('a')
    // A write commits while the first query is in flight; a read issued after the write must
    // see it, so it cannot take the first query's answer.
    m.write()
    const after = m.reader.version('a')
    m.pending[0]?.resolve('a@0')
    m.pending.shift()
    await new Promise((r) => setTimeout(r, 0))
    expect(await before).toBe('a@0')
    await m.answer()
    expect(await after).toBe('a@1')
  })

  it('passes a failed query to its callers and starts afresh for the next', async () => {
    const m = manual()
    const failing = m.reader.version('a')
    const queued = m.reader.version('a')
    m.pending.shift()?.reject(new Error('connection lost'))
    await expect(failing).rejects.toThrow('connection lost')
    await new Promise((r) => setTimeout(r, 0))
    await m.answer()
    expect(await queued).toBe('a@0')
    const later = m.reader.version('a')
    await m.answer()
    expect(await later).toBe('a@0')
  })
})
