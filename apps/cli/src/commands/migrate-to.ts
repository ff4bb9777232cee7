import { type Lagesbild, openLagesbild, READ_MODELS } from '@lagesbild/application'
import { defineCommand } from 'citty'
import { type Kysely, sql } from 'kysely'
import { UsageError } from '../errors.js'
import { progressReporter } from '../progress.js'
import { apiStores, backendArgs, openFromEnv } from '../runtime.js'

// biome-ignore lint/suspicious/noExplicitAny: copies tables generically, by name
type Db = Kysely<any>

/** Rows per copy batch: large enough to amortise round trips, small enough for bounded memory. */
const BATCH = 5_000
/** The API's own tables, copied as they are (token hashes, stored idempotent answers). */
const API_TABLES = ['api_tokens', 'api_idempotency'] as const

export interface CopyReport {
  readonly events: number
  readonly apiRows: Readonly<Record<string, number>>
  readonly checkpoints: number
  /** md5 over every event's position, id, stream, version, type, data and metadata. */
  readonly checksum: string
}

const checksum = async (db: Db): Promise<{ n: number; md5: string }> => {
  const r = await sql<{ n: string; md5: string | null }>`select count(*)::text as n,
      md5(string_agg(global_position::text || ':' || event_id::text || ':' || tenant_id || ':' ||
        stream_id || ':' || stream_version::text || ':' || type || ':' || schema_version::text ||
        ':' || data::text || ':' || metadata::text || ':' ||
        extract(epoch from recorded_at)::text, '|' order by global_position)) as md5
    from events`.execute(db)
  return { n: Number(r.rows[0]?.n ?? 0), md5: r.rows[0]?.md5 ?? '' }
}

/** Copies `table` in batches of rows as JSON; `order` must be a unique column list. */
async function copyTable(
  from: Db,
  to: Db,
  table: string,
  order: string,
  onBatch: (n: number) => void,
  overriding = false,
): Promise<number> {
  let offset = 0
  for (;;) {
    const r = await sql<{ rows: unknown[] | null }>`select jsonb_agg(to_jsonb(t)) as rows
      from (select * from ${sql.table(table)} order by ${sql.raw(order)}
            limit ${BATCH} offset ${offset}) t`.execute(from)
    const rows = r.rows[0]?.rows ?? []
    if (rows.length === 0) return offset
    await sql`insert into ${sql.table(table)}
      ${overriding ? sql`overriding system value` : sql``}
      select * from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::jsonb)`.execute(
      to,
    )
    offset += rows.length
    onBatch(offset)
  }
}

/**
 * Copies a deployment into an empty one (typically embedded PGlite → a PostgreSQL server):
 * the event log with its global positions and stream versions, the API's tokens and idempotency
 * answers, and the checkpoints of outside subscribers (which name positions, kept identical).
 * The read models are not copied but rebuilt on the target, so nothing in them can depend on
 * how the source database happened to store them. Ends by comparing counts and a checksum.
 *
 * @throws UsageError when the target already holds events
 * @throws Error when the copy's checksum differs from the source's
 */
export async function copyDeployment(
  source: Lagesbild,
  target: Lagesbild,
  onProgress: (phase: string, done: number, total: number) => void = () => {},
): Promise<CopyReport> {
  const from = source.store.db as Db
  const to = target.store.db as Db
  const existing = await checksum(to)
  if (existing.n > 0) {
    throw new UsageError(
      `The target database already holds ${existing.n} events; migrate-to only fills an empty one.`,
    )
  }
  await apiStores(source)
  await apiStores(target)
  const before = await checksum(from)

  const { n: events } = await target.store.transaction(async (tx) => {
    const db = tx.db as Db
    const copied = await copyTable(
      from,
      db,
      'events',
      'global_position',
      (n) => onProgress('events', n, before.n),
      true,
    )
    // New appends on the target continue after the copied positions.
    await sql`select setval(pg_get_serial_sequence('events', 'global_position'),
      greatest((select max(global_position) from events), 1))`.execute(db)
    return { n: copied }
  })
  const apiRows: Record<string, number> = {}
  for (const table of API_TABLES) {
    apiRows[table] = await target.store.transaction((tx) =>
      copyTable(from, tx.db as Db, table, '1, 2', (n) => onProgress(table, n, n)),
    )
  }
  // Outside subscribers' checkpoints name global positions, which the copy kept as they were.
  const readModels = new Set(READ_MODELS.map((m) => m.name))
  const outside = (
    await sql<{ name: string; position: string }>`select name, position::text as position
      from checkpoints order by name`.execute(from)
  ).rows.filter((r) => !readModels.has(r.name))
  for (const cp of outside) {
    await sql`insert into checkpoints (name, position) values (${cp.name}, ${cp.position}::bigint)
      on conflict (name) do update set position = excluded.position`.execute(to)
  }
  for (const model of READ_MODELS) {
    await target.runner.rebuild(model.name, {
      onProgress: (p) => onProgress(`rebuild ${p.projection}: ${p.phase}`, p.done, p.total),
    })
  }
  const after = await checksum(to)
  if (after.n !== before.n || after.md5 !== before.md5) {
    throw new Error(
      `Copy verification failed: source ${before.n} events (${before.md5}), target ${after.n} (${after.md5}). Drop the target database and run migrate-to again.`,
    )
  }
  return { events, apiRows, checkpoints: outside.length, checksum: after.md5 }
}

export const migrateToCommand = defineCommand({
  meta: {
    name: 'migrate-to',
    description:
      'Copy this deployment (events, tokens, idempotency answers, subscriber checkpoints) into an EMPTY PostgreSQL database, rebuild the read models there and verify the copy by count and checksum. Stop the servers on the source first; afterwards point DATABASE_URL at the target.\n\nExamples:\n  lagesbild migrate-to --database-url postgres://db.example/lagesbild\n  lagesbild migrate-to --data-dir /var/lib/lagesbild --database-url postgres://localhost/lagesbild',
  },
  args: {
    'database-url': {
      type: 'string',
      required: true,
      description: 'postgres:// URL of the empty target database',
    },
    ...backendArgs,
  },
  async run({ args }) {
    const url = args['database-url']
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new UsageError('--database-url must be a postgres:// URL.')
    }
    if (process.env.DATABASE_URL === url) {
      throw new UsageError('The target is the database this deployment already runs on.')
    }
    const source = await openFromEnv(args['data-dir'], { background: false })
    try {
      const target = await openLagesbild({ options: { databaseUrl: url } }, { background: false })
      try {
        const progress = progressReporter('migrate-to')
        const report = await copyDeployment(source, target, (phase, done, total) =>
          progress.update(done, total, phase),
        )
        progress.stop()
        console.log(
          `copied ${report.events} events, ${Object.entries(report.apiRows)
            .map(([t, n]) => `${n} ${t}`)
            .join(
              ', ',
            )}, ${report.checkpoints} subscriber checkpoints; read models rebuilt; checksum ${report.checksum} matches`,
        )
      } finally {
        await target.close()
      }
    } finally {
      await source.close()
    }
  },
})
