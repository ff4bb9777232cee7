import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, describe, expect, it } from 'vitest'
import { DurableNodeFS, durableStartParams } from './durable-nodefs.js'

const dir = mkdtempSync(join(tmpdir(), 'lagesbild-fsync-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('DurableNodeFS', () => {
  it('makes every commit reach fsync(2), which stock PGlite never calls', async () => {
    const fs = new DurableNodeFS(join(dir, 'pglite'))
    const pg = await PGlite.create({ fs, startParams: durableStartParams() })
    try {
      const settings = await pg.query<{ fsync: string }>('show fsync')
      expect(settings.rows[0]?.fsync).toBe('on')
      await pg.exec('create table t (n int)')
      const before = fs.syncCount
      for (let i = 0; i < 5; i++) await pg.query('insert into t values ($1)', [i])
      expect(fs.syncCount - before).toBeGreaterThanOrEqual(5)
    } finally {
      await pg.close()
    }
  }, 120_000)
})
