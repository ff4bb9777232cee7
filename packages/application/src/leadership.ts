import { type Kysely, sql } from 'kysely'

/**
 * The advisory-lock key under which one process per database runs the background projection
 * runner. Arbitrary but fixed, and distinct from the event store's append lock.
 */
export const PROJECTION_LEADER_KEY = 7_340_296_157_002

export interface LeadershipOptions {
  // biome-ignore lint/suspicious/noExplicitAny: works over any schema; it only runs raw SQL
  readonly db: Kysely<any>
  /** Called once this process holds the lock; start the work only the leader does. */
  readonly onElected: () => void | Promise<void>
  /** Called when leadership ends (stop, or the lock's connection failed); stop that work. */
  readonly onDeposed: () => void | Promise<void>
  readonly key?: number
  /** How often a follower tries for the lock (default 1 s). */
  readonly retryMs?: number
  /** How often the leader checks that its lock connection is alive (default 1 s). */
  readonly heartbeatMs?: number
  /** Where failures of the lock connection are reported (default: ignored). */
  readonly onError?: (error: unknown) => void
}

export interface Leadership {
  readonly isLeader: () => boolean
  /** Gives up leadership (running `onDeposed`) and stops competing for it. */
  readonly stop: () => Promise<void>
}

/**
 * Competes for leadership among the processes sharing one PostgreSQL database: a session-level
 * `pg_try_advisory_lock` held on one dedicated pool connection for as long as this process leads.
 * When the leader dies its connection closes and PostgreSQL releases the lock, so a follower
 * takes over within about `retryMs`. When the leader's own connection fails, its heartbeat notices
 * within `heartbeatMs` and it steps down.
 *
 * Leadership is about not doing the same work N times, not about correctness: every runner batch
 * locks the checkpoint rows `for update`, so even two runners overlapping for a heartbeat apply
 * each event exactly once.
 *
 * @param options the database and what to do on election and deposition
 * @example
 * const leadership = competeForLeadership({ db, onElected: () => runner.start(),
 *   onDeposed: () => runner.stop() })
 */
export function competeForLeadership(options: LeadershipOptions): Leadership {
  const key = options.key ?? PROJECTION_LEADER_KEY
  const retryMs = options.retryMs ?? 1000
  const heartbeatMs = options.heartbeatMs ?? 1000
  let leader = false
  let stopped = false
  let wake: (() => void) | undefined
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  const lead = async (): Promise<void> => {
    await options.db.connection().execute(async (conn) => {
      const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key}::bigint) as ok`
        .execute(conn)
        .then((r) => r.rows[0]?.ok === true)
      if (!got) return
      leader = true
      try {
        await options.onElected()
        while (!stopped) {
          await pause(heartbeatMs)
          if (!stopped) await sql`select 1`.execute(conn)
        }
      } finally {
        leader = false
        await options.onDeposed()
        // On a dead connection this fails, and the server has released the lock already.
        await sql`select pg_advisory_unlock(${key}::bigint)`.execute(conn).catch(() => {})
      }
    })
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        await lead()
      } catch (error) {
        options.onError?.(error)
      }
      if (!stopped) await pause(retryMs)
    }
  })()

  return {
    isLeader: () => leader,
    stop: async () => {
      stopped = true
      wake?.()
      await loop
    },
  }
}
