import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { type LockHolder, StoreLockedError } from './errors.js'

export const LOCK_FILE_NAME = 'lagesbild.lock'

/** A held directory lock; `release()` removes the lock file if it is still ours. */
export interface DirLock {
  readonly file: string
  readonly holder: LockHolder
  release(): void
}

const isAlive = (pid: number): boolean => {
  // pid 0 marks an unreadable lock; kill(0) would signal our own process group.
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const readHolder = (file: string): LockHolder | undefined => {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string') {
      return { pid: parsed.pid, hostname: parsed.hostname, startedAt: String(parsed.startedAt) }
    }
    return undefined
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    // A half-written file (the holder died between create and write) has no usable holder.
    if (error instanceof SyntaxError) return { pid: 0, hostname: hostname(), startedAt: 'unknown' }
    throw error
  }
}

const sameHolder = (a: LockHolder | undefined, b: LockHolder): boolean =>
  a !== undefined && a.pid === b.pid && a.hostname === b.hostname && a.startedAt === b.startedAt

const tryCreate = (file: string, holder: LockHolder): boolean => {
  let fd: number
  try {
    // O_EXCL: creation is atomic, exactly one process can win.
    fd = openSync(file, 'wx', 0o644)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    writeSync(fd, JSON.stringify(holder))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  return true
}

/**
 * Takes the exclusive lock on a data directory: a `lagesbild.lock` file created with O_EXCL
 * holding { pid, hostname, startedAt }. A lock left by a dead process on this host is taken
 * over; a live holder, or a holder on another host (whose liveness cannot be checked), wins.
 *
 * @param dir an existing directory
 * @throws StoreLockedError when another live process holds the directory
 * @example const lock = acquireDirLock('./.lagesbild'); try { … } finally { lock.release() }
 */
export function acquireDirLock(dir: string): DirLock {
  const file = join(dir, LOCK_FILE_NAME)
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, holder)) {
      return {
        file,
        holder,
        release: () => {
          if (sameHolder(readHolder(file), holder)) unlinkSync(file)
        },
      }
    }
    const current = readHolder(file)
    if (current === undefined) continue // released meanwhile: try again
    if (current.pid === process.pid && current.hostname === holder.hostname) {
      throw new StoreLockedError(dir, current, file) // opened twice in this very process
    }
    if (current.hostname !== holder.hostname || isAlive(current.pid)) {
      throw new StoreLockedError(dir, current, file)
    }
    // Stale. Rename it aside instead of unlinking, so that of two processes racing to take
    // over only one succeeds, and check that what we moved is the stale lock we looked at.
    const aside = `${file}.stale-${process.pid}-${Date.now()}`
    try {
      renameSync(file, aside)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw error
    }
    const moved = readHolder(aside)
    if (moved !== undefined && !sameHolder(moved, current) && moved.pid !== 0) {
      // We moved a fresh lock someone else just took: put it back (link never overwrites).
      try {
        linkSync(aside, file)
      } catch {}
      unlinkSync(aside)
      throw new StoreLockedError(dir, moved, file)
    }
    unlinkSync(aside)
  }
  throw new Error(`could not lock ${dir}: the lock file keeps changing`)
}
