import { sql } from 'kysely'
import type { Db, StoredEvent } from '../log.js'
import type { ReadModelProjection } from '../runner/index.js'
import { execAll } from '../situation-picture/tables.js'
import type { OfficialStatisticsPublishedData } from './model.js'

/**
 * One table: every published value with its recording time, keyed by (tenant, log position,
 * place in the publication). Nothing is overwritten, so "as known at" is a `distinct on` over
 * the recording time (query.ts).
 */
const TABLE = 'official_figure'

const createTables = async (db: Db, s: string): Promise<void> => {
  await execAll(
    db,
    `
    create table if not exists ${TABLE}${s} (
      tenant_id text not null,
      position bigint not null,
      seq integer not null,
      publication_id text not null,
      publisher text not null,
      statistic text not null,
      statistic_id text not null,
      label text not null,
      area_label text not null,
      place_id text,
      year integer not null,
      count float8,
      rate_per_100k float8,
      source text not null,
      year_semantics text not null,
      recorded_at timestamptz not null,
      constraint ${TABLE}_pk${s} primary key (tenant_id, position, seq)
    )
  `,
  )
}

const applyOfficialEvents = async (
  tx: Db,
  events: readonly StoredEvent[],
  s: string,
): Promise<void> => {
  for (const event of events) {
    if (event.type !== 'OfficialStatisticsPublished') continue
    const d = event.data as OfficialStatisticsPublishedData
    const rows = d.figures.map((f, seq) => ({
      tenant_id: event.metadata.tenantId,
      position: String(event.position),
      seq,
      publication_id: d.publicationId,
      publisher: d.publisher,
      statistic: d.statistic,
      statistic_id: f.statisticId,
      label: f.label,
      area_label: f.area.label,
      place_id: f.area.placeId ?? null,
      year: f.year,
      count: f.count,
      rate_per_100k: f.ratePer100k,
      source: d.source,
      year_semantics: d.yearSemantics,
      recorded_at: event.metadata.recordedAt,
    }))
    const columns = `tenant_id text, position bigint, seq integer, publication_id text,
      publisher text, statistic text, statistic_id text, label text, area_label text,
      place_id text, year integer, count float8, rate_per_100k float8, source text,
      year_semantics text, recorded_at timestamptz`
    const names = columns
      .split(',')
      .map((c) => c.trim().split(/\s+/)[0])
      .join(', ')
    // One jsonb parameter per 2,000 rows: one round trip instead of one per figure. A replayed
    // event (same position) writes nothing twice.
    for (let i = 0; i < rows.length; i += 2000) {
      await sql`insert into ${sql.table(`${TABLE}${s}`)} (${sql.raw(names)})
        select ${sql.raw(names)} from jsonb_to_recordset(${JSON.stringify(
          rows.slice(i, i + 2000),
        )}::jsonb) as x(${sql.raw(columns)})
        on conflict do nothing`.execute(tx)
    }
  }
}

/** Official statistics (Brå's reported crimes …), every published value with its recording time. */
export const officialStatisticsProjection: ReadModelProjection = {
  name: 'official-statistics',
  createTables,
  createIndexes: async (db, s) => {
    await execAll(
      db,
      `create index if not exists ${TABLE}_figure${s}
        on ${TABLE}${s} (tenant_id, statistic_id, area_label, year);`,
    )
  },
  dropTables: async (db, s) => {
    await execAll(db, `drop table if exists ${TABLE}${s};`)
  },
  swapTables: async (db, s) => {
    await execAll(
      db,
      [
        `drop table if exists ${TABLE};`,
        `alter table ${TABLE}${s} rename to ${TABLE};`,
        `alter index if exists ${TABLE}_pk${s} rename to ${TABLE}_pk;`,
        `alter index if exists ${TABLE}_figure${s} rename to ${TABLE}_figure;`,
      ].join('\n'),
    )
  },
  lockTables: async (db) => {
    await sql.raw(`lock table ${TABLE} in exclusive mode`).execute(db)
  },
  apply: applyOfficialEvents,
  eventTypes: ['OfficialStatisticsPublished'],
}
