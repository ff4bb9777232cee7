import { sql } from 'kysely'
import { type Db, type LogTable, logHead, readLog, type StoredEvent, typeIn } from '../log.js'

export interface RebuildProgress {
  readonly projection: string
  /** 'load', 'index', 'catch-up' or 'swap', or a projection-specific load step. */
  readonly phase: string
  readonly done: number
  readonly total: number
}

/**
 * A read model maintained from the log. Handlers must be deterministic functions of the events
 * they are given, because the runner guarantees each event reaches them exactly once per table
 * set (the checkpoint moves in the same transaction as the tables).
 */
export interface ReadModelProjection {
  readonly name: string
  /** Creates the tables (and their indexes) with a name suffix: '' live, `_next` rebuild. */
  readonly createTables: (db: Db, suffix: string) => Promise<void>
  /** Secondary indexes, created after a bulk load. */
  readonly createIndexes: (db: Db, suffix: string) => Promise<void>
  readonly dropTables: (db: Db, suffix: string) => Promise<void>
  /** Replaces the live tables by the suffixed ones (runs inside the swap transaction). */
  readonly swapTables: (db: Db, suffix: string) => Promise<void>
  /** Locks the live tables against writers for the rest of the transaction. */
  readonly lockTables: (db: Db) => Promise<void>
  /** Applies events in log order to the tables with `suffix`. */
  readonly apply: (tx: Db, events: readonly StoredEvent[], suffix: string) => Promise<void>
  /**
   * The event types `apply` acts on, for a projection that reads few of them: the runner hands
   * it only these, live and in a rebuild alike, and a rebuild that replays reads only these from
   * the log instead of every event's data. Absent: every event.
   */
  readonly eventTypes?: readonly string[]
  /** A set-based bulk load from the log (optional; otherwise the rebuild replays through `apply`). */
  readonly load?: (
    tx: Db,
    log: LogTable,
    upTo: bigint,
    suffix: string,
    onProgress: (p: { phase: string; done: number; total: number }) => void,
  ) => Promise<void>
}

export interface ProjectionRunnerOptions {
  readonly db: Db
  readonly log: LogTable
  readonly projections: readonly ReadModelProjection[]
  /** Events per transaction when catching up (default 1000). */
  readonly batchSize?: number
  /**
   * Where positions are saved: the event store's `checkpoints` table by default, so operators
   * see every subscription in one place. Saved in the same transaction as the read models.
   */
  readonly checkpointTable?: string
}

export interface ProjectionRunner {
  /** Creates the live tables and the checkpoint table when missing. */
  readonly migrate: () => Promise<void>
  /** Applies everything after the checkpoints, batch by batch; returns the events applied. */
  readonly catchUp: () => Promise<number>
  /**
   * Brings the read models up to date inside the caller's transaction, including the events the
   * caller just appended in it: read-your-writes for the API.
   */
  readonly applyInline: (tx: Db) => Promise<number>
  /** Polls the log in the background until `stop`. */
  readonly start: (options?: { readonly intervalMs?: number }) => void
  readonly stop: () => Promise<void>
  readonly checkpoint: (name: string) => Promise<bigint>
  /**
   * Rebuilds one projection from the log into fresh tables and swaps them in atomically; the
   * live tables keep serving (and the runner keeps updating them) until the swap.
   * @throws Error when no projection has that name
   */
  readonly rebuild: (
    name: string,
    options?: { readonly onProgress?: (p: RebuildProgress) => void },
  ) => Promise<{ readonly events: number; readonly seconds: number }>
}

const NEXT = '_next'

/** The events a projection asked for (all when it names no types). */
const wanted = (p: ReadModelProjection, events: readonly StoredEvent[]): readonly StoredEvent[] => {
  if (p.eventTypes === undefined) return events
  const types = new Set(p.eventTypes)
  return events.filter((e) => types.has(e.type))
}

/**
 * Settings for the bulk steps of a rebuild, local to their transaction: room for the sorts and
 * hashes of a set-based load and index builds, and no wait for the WAL flush at commit (the
 * tables are derived from the log; a crash before the swap just means rebuilding again).
 */
const bulkSettings = async (tx: Db): Promise<void> => {
  await sql`set local work_mem = '64MB'`.execute(tx)
  await sql`set local maintenance_work_mem = '256MB'`.execute(tx)
  await sql`set local synchronous_commit = off`.execute(tx)
}

/**
 * Creates a runner for read-model projections over an event log.
 * @example
 * const runner = createProjectionRunner({ db, log, projections: [situationPictureProjection] })
 * await runner.migrate(); await runner.catchUp()
 */
export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { db, log } = options
  const batchSize = options.batchSize ?? 1000
  const names = options.projections.map((p) => p.name)
  if (new Set(names).size !== names.length) throw new Error('projection names must be unique')
  const byName = new Map(options.projections.map((p) => [p.name, p]))
  const cpTable = sql.table(options.checkpointTable ?? 'checkpoints')

  // One batch in a transaction: lock the checkpoints (serialises runners, inline writers and the
  // swap), apply what each projection has not seen, move the checkpoints.
  const step = async (tx: Db): Promise<number> => {
    const r = await sql<{ name: string; position: string }>`select name, position::text as position
      from ${cpTable} where name = any(string_to_array(${names.join(',')}::text, ','))
      order by name for update`.execute(tx)
    const at = new Map(r.rows.map((row) => [row.name, BigInt(row.position)]))
    const from = names.reduce(
      (m, n) => {
        const p = at.get(n) ?? 0n
        return p < m ? p : m
      },
      at.get(names[0] as string) ?? 0n,
    )
    const events = await readLog(tx, log, { after: from, limit: batchSize })
    if (events.length === 0) return 0
    const last = (events[events.length - 1] as StoredEvent).position
    for (const p of options.projections) {
      const cp = at.get(p.name) ?? 0n
      const todo = wanted(
        p,
        events.filter((e) => e.position > cp),
      )
      if (todo.length > 0) await p.apply(tx, todo, '')
    }
    await sql`update ${cpTable} set position = ${String(last)}::bigint, updated_at = now()
      where name = any(string_to_array(${names.join(',')}::text, ','))
        and position < ${String(last)}::bigint`.execute(tx)
    return events.length
  }

  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<unknown> = Promise.resolve()
  let stopped = true

  const runner: ProjectionRunner = {
    migrate: async () => {
      await sql`create table if not exists ${cpTable} (name text primary key,
        position bigint not null, updated_at timestamptz not null default now())`.execute(db)
      for (const p of options.projections) {
        await db.transaction().execute(async (tx) => {
          await p.createTables(tx, '')
          await p.createIndexes(tx, '')
          await sql`insert into ${cpTable} (name, position) values (${p.name}, 0)
            on conflict do nothing`.execute(tx)
        })
      }
    },
    catchUp: async () => {
      let total = 0
      for (;;) {
        const n = await db.transaction().execute(step)
        total += n
        if (n < batchSize) return total
      }
    },
    applyInline: async (tx) => {
      let total = 0
      for (;;) {
        const n = await step(tx)
        total += n
        if (n < batchSize) return total
      }
    },
    start: (o = {}) => {
      if (!stopped) return
      stopped = false
      const tick = () => {
        running = runner
          .catchUp()
          .catch(() => {})
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, o.intervalMs ?? 500)
          })
      }
      tick()
    },
    stop: async () => {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
    },
    checkpoint: async (name) => {
      const r = await sql<{ position: string }>`select position::text as position
        from ${cpTable} where name = ${name}`.execute(db)
      return BigInt(r.rows[0]?.position ?? '0')
    },
    rebuild: async (name, o = {}) => {
      const p = byName.get(name)
      if (!p) throw new Error(`unknown projection '${name}'; known: ${names.join(', ')}`)
      const started = performance.now()
      const progress = (phase: string, done: number, total: number) =>
        o.onProgress?.({ projection: name, phase, done, total })
      const upTo = await logHead(db, log)
      const counted = await sql<{
        n: string
        wanted: string
      }>`select count(*)::text as n,
          count(*) filter (where ${typeIn(log, p.eventTypes)})::text as wanted
        from ${sql.raw(log.relation)}
        where ${sql.raw(log.position)} <= ${String(upTo)}::bigint`.execute(db)
      const total = Number(counted.rows[0]?.n ?? 0)
      const replayed = Number(counted.rows[0]?.wanted ?? 0)
      await db.transaction().execute(async (tx) => {
        await p.dropTables(tx, NEXT)
        await p.createTables(tx, NEXT)
      })
      if (p.load) {
        const load = p.load
        await db.transaction().execute(async (tx) => {
          await bulkSettings(tx)
          await load(tx, log, upTo, NEXT, (s) => progress(`load: ${s.phase}`, s.done, s.total))
        })
      } else {
        let after = 0n
        let done = 0
        for (;;) {
          const n = await db.transaction().execute(async (tx) => {
            const events = await readLog(tx, log, {
              after,
              limit: 5000,
              upTo,
              types: p.eventTypes,
            })
            if (events.length > 0) {
              await p.apply(tx, events, NEXT)
              after = (events[events.length - 1] as StoredEvent).position
            }
            return events.length
          })
          done += n
          progress('load', done, replayed)
          if (n === 0) break
        }
      }
      progress('index', 0, 1)
      await db.transaction().execute(async (tx) => {
        await bulkSettings(tx)
        await p.createIndexes(tx, NEXT)
      })
      progress('index', 1, 1)
      await db.transaction().execute(async (tx) => {
        // Checkpoint row first, tables second: the same order as every runner batch.
        await sql`insert into ${cpTable} (name, position) values (${name}, 0)
          on conflict do nothing`.execute(tx)
        await sql`select position from ${cpTable} where name = ${name} for update`.execute(tx)
        await p.lockTables(tx)
        let after = upTo
        let caught = 0
        for (;;) {
          const events = await readLog(tx, log, { after, limit: batchSize })
          if (events.length === 0) break
          const todo = wanted(p, events)
          if (todo.length > 0) await p.apply(tx, todo, NEXT)
          after = (events[events.length - 1] as StoredEvent).position
          caught += events.length
          progress('catch-up', caught, caught)
        }
        await p.swapTables(tx, NEXT)
        await sql`update ${cpTable} set position = ${String(after)}::bigint, updated_at = now()
          where name = ${name}`.execute(tx)
        progress('swap', 1, 1)
      })
      return { events: total, seconds: (performance.now() - started) / 1000 }
    },
  }
  return runner
}
