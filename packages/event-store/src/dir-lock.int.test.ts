import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { acquireDirLock, LOCK_FILE_NAME } from './dir-lock.js'
import { isStoreLockedError, type StoreLockedError } from './errors.js'
import { openEventStore } from './open.js'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, '../../..')
const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-lock-'))
  dirs.push(dir)
  return dir
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** Starts a process holding the store open; resolves once it has appended. */
const holdStore = (dataDir: string): Promise<{ child: ChildProcess; position: number }> =>
  new Promise((resolveReady, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'fixtures/hold-store.ts'), dataDir],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    let err = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /ready (\d+)/.exec(out)
      if (match) resolveReady({ child, position: Number(match[1]) })
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString()
    })
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}: ${err}`)))
  })

const killed = (child: ChildProcess): Promise<void> =>
  new Promise((resolveKilled) => {
    child.once('exit', () => resolveKilled())
    child.kill('SIGKILL')
  })

describe('PGlite data directory lock', () => {
  it('refuses a second process while the first is alive, naming it, and takes over once it died', async () => {
    const dataDir = tempDir()
    const { child, position } = await holdStore(dataDir)
    try {
      let error: unknown
      try {
        await openEventStore({ dataDir })
      } catch (e) {
        error = e
      }
      expect(isStoreLockedError(error)).toBe(true)
      const locked = error as StoreLockedError
      expect(locked.holder.pid).toBe(child.pid)
      expect(locked.message).toContain(`pid ${child.pid}`)
      expect(locked.message).toContain(hostname())
    } finally {
      await killed(child)
    }
    // The holder died without cleaning up: its lock is stale and the data must be intact.
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(true)
    const store = await openEventStore({ dataDir })
    try {
      const events = await store.readAll()
      expect(events.map((e) => e.globalPosition)).toEqual([position])
      expect(events[0]?.type).toBe('Held')
      const holder = JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8'))
      expect(holder.pid).toBe(process.pid)
    } finally {
      await store.close()
    }
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false)
  }, 180_000)

  it('refuses a second open in the same process', () => {
    const dir = tempDir()
    const lock = acquireDirLock(dir)
    try {
      expect(() => acquireDirLock(dir)).toThrowError(/in use by pid/)
    } finally {
      lock.release()
    }
    acquireDirLock(dir).release()
  })

  it('takes over a lock whose holder is dead, and respects one on another host', () => {
    const dir = tempDir()
    const file = join(dir, LOCK_FILE_NAME)
    // pid 2^22+1 is above Linux's pid_max default, so no live process has it.
    writeFileSync(file, JSON.stringify({ pid: 4_194_305, hostname: hostname(), startedAt: 'x' }))
    const lock = acquireDirLock(dir)
    expect(lock.holder.pid).toBe(process.pid)
    lock.release()

    writeFileSync(file, JSON.stringify({ pid: 4_194_305, hostname: 'elsewhere', startedAt: 'x' }))
    expect(() => acquireDirLock(dir)).toThrowError(/on elsewhere/)
  })
})
