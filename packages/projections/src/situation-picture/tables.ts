import { sql } from 'kysely'
import type { Db } from '../log.js'
import { SOURCE_ORGANISATIONS } from '../place-trend/model.js'

/**
 * The situation picture's read-model tables. `suffix` is '' for the live tables and `_next` for
 * a rebuild; constraint and index names carry the suffix so both sets can coexist, and the swap
 * renames them back.
 *
 * sp_version is a bitemporal table: one row per version of an observation, live in transaction
 * time from `from_at` (the event that created it) until `to_at` (the correction or retraction
 * that replaced it; null while current). The state as known at K is the rows with
 * from_at <= K < coalesce(to_at, infinity). sp_cell is the current knowledge (to_at is null)
 * summed per period × place × category, so that comparison periods cost one row per cell plus
 * the few versions that changed after K. sp_period_cells holds the same current knowledge once
 * more, one row per period with every non-zero cell in one text (`place,category,count` joined
 * by `;`, sorted): a picture reads its dozen comparison periods as a dozen rows instead of ten
 * thousand, which is most of what it costs. Ids and category codes cannot contain `,` or `;`
 * (EntityId, CategoryCode).
 */
/**
 * Runs `;`-separated statements one at a time: PGlite's extended protocol takes one statement
 * per query. (No statement here contains a `;` inside a literal.)
 */
export const execAll = async (db: Db, statements: string): Promise<void> => {
  for (const st of statements.split(';')) {
    if (st.trim() !== '') await sql.raw(st).execute(db)
  }
}

export const TABLES = [
  'sp_version',
  'sp_cell',
  'sp_period_cells',
  'sp_report',
  'sp_place',
  'sp_config',
  'sp_measure',
]

/** Index names (without suffix) created after a bulk load, renamed on swap. */
export const INDEXES = [
  'sp_version_period',
  'sp_version_closed',
  'sp_version_live_report',
  'sp_version_place',
  'sp_version_source',
  'sp_measure_known',
]
export const CONSTRAINTS = [
  'sp_cell_pk',
  'sp_period_cells_pk',
  'sp_report_pk',
  'sp_place_pk',
  'sp_config_pk',
  'sp_measure_pk',
]

export const createTables = async (db: Db, suffix: string): Promise<void> => {
  const s = suffix
  const existed = await sql<{ t: string | null }>`select to_regclass(${`sp_cell${s}`})::text as t`
    .execute(db)
    .then((r) => r.rows[0]?.t != null)
  const periodCellsExisted = await sql<{
    t: string | null
  }>`select to_regclass(${`sp_period_cells${s}`})::text as t`
    .execute(db)
    .then((r) => r.rows[0]?.t != null)
  await execAll(
    db,
    `
    create table if not exists sp_version${s} (
      tenant_id text collate "C" not null,
      report_id text collate "C" not null,
      observation_id text collate "C" not null,
      org_id text collate "C" not null,
      place_id text collate "C" not null,
      category text collate "C" not null,
      occurred_on date not null,
      period_start date not null,
      count integer not null,
      suspected boolean not null,
      police boolean not null,
      from_at timestamptz not null,
      from_pos bigint not null,
      to_at timestamptz,
      to_pos bigint
    );
    create table if not exists sp_cell${s} (
      tenant_id text collate "C" not null,
      period_start date not null,
      place_id text collate "C" not null,
      category text collate "C" not null,
      count integer not null,
      constraint sp_cell_pk${s} primary key (tenant_id, period_start, place_id, category)
    );
    create table if not exists sp_period_cells${s} (
      tenant_id text not null,
      period_start date not null,
      cells text not null,
      constraint sp_period_cells_pk${s} primary key (tenant_id, period_start)
    );
    create table if not exists sp_report${s} (
      tenant_id text collate "C" not null,
      report_id text collate "C" not null,
      org_id text not null,
      retracted boolean not null,
      constraint sp_report_pk${s} primary key (tenant_id, report_id)
    );
    create table if not exists sp_place${s} (
      tenant_id text not null,
      place_id text not null,
      name text not null,
      level text not null,
      parent_id text,
      constraint sp_place_pk${s} primary key (tenant_id, place_id)
    );
    create table if not exists sp_config${s} (
      tenant_id text not null,
      position bigint not null,
      type text not null,
      data jsonb not null,
      constraint sp_config_pk${s} primary key (tenant_id, position)
    );
    create table if not exists sp_measure${s} (
      tenant_id text not null,
      measure_id text not null,
      position bigint not null,
      recorded_at timestamptz not null,
      state jsonb not null,
      constraint sp_measure_pk${s} primary key (tenant_id, measure_id, position)
    );
  `,
  )
  // Read models from before sp_period_cells existed: derive it once from their cells.
  if (existed && !periodCellsExisted) await refreshPeriodCells(db, suffix)
}

/**
 * Rewrites sp_period_cells from sp_cell: everything, one tenant, or one tenant's given periods.
 * Periods whose cells all went back to 0 keep a row with empty text.
 */
export const refreshPeriodCells = async (
  db: Db,
  suffix: string,
  scope?: { readonly tenantId: string; readonly starts?: readonly string[] },
): Promise<void> => {
  const cells = sql.table(`sp_cell${suffix}`)
  const target = sql.table(`sp_period_cells${suffix}`)
  const where =
    scope === undefined
      ? sql`true`
      : scope.starts === undefined
        ? sql`tenant_id = ${scope.tenantId}`
        : sql`tenant_id = ${scope.tenantId}
          and period_start = any(string_to_array(${scope.starts.join(',')}::text, ',')::date[])`
  await sql`insert into ${target} as t (tenant_id, period_start, cells)
    select tenant_id, period_start,
      coalesce(string_agg(place_id || ',' || category || ',' || count, ';'
        order by place_id, category) filter (where count <> 0), '')
    from ${cells} where ${where}
    group by tenant_id, period_start
    on conflict (tenant_id, period_start) do update set cells = excluded.cells`.execute(db)
}

/**
 * Primary keys a bulk load drops first and {@link createIndexes} puts back: built once over the
 * loaded rows they cost a fraction of what keeping them up row by row does (the cells of a
 * million observations: 0.5 s against 1.3 s).
 */
const BULK_KEYS: readonly (readonly [table: string, constraint: string, columns: string])[] = [
  ['sp_cell', 'sp_cell_pk', 'tenant_id, period_start, place_id, category'],
  ['sp_report', 'sp_report_pk', 'tenant_id, report_id'],
]

/** Drops the {@link BULK_KEYS} of fresh `suffix` tables before a bulk load fills them. */
export const dropBulkKeys = async (db: Db, suffix: string): Promise<void> => {
  await execAll(
    db,
    BULK_KEYS.map(
      ([t, c]) => `alter table ${t}${suffix} drop constraint if exists ${c}${suffix};`,
    ).join('\n'),
  )
}

/**
 * Secondary indexes, and the primary keys a bulk load dropped. Why each index exists:
 * - period: the picture's own period (all versions of one period) and, via from_at, the versions
 *   created after K that must be taken off the current cells;
 * - closed: versions closed after K, which were still live at K and must be added back;
 * - live_report: a correction or retraction finds the report's current versions;
 * - place: place trends scan one place's versions over a date range;
 * - source: the public sources' observations of a period (the police events beside a picture),
 *   a small partial index since partners' reports are most of the table.
 * live_report and place are only ever looked up by equality on every leading column, so they
 * put the column with many values first: building an index sorts its rows, and a first column
 * that differs from row to row settles most comparisons in one step (with the tenant first,
 * every comparison passed the tenant and went on). period keeps the tenant first because
 * feedback and baselines scan a range of periods of one tenant. The id columns are
 * `collate "C"`: ids compare byte for byte, which the sort can abbreviate, instead of through
 * the locale.
 */
export const createIndexes = async (db: Db, suffix: string): Promise<void> => {
  const s = suffix
  const sources = Object.keys(SOURCE_ORGANISATIONS)
    .map((org) => `'${org}'`)
    .join(', ')
  for (const [table, constraint, columns] of BULK_KEYS) {
    const found = await sql<{ t: string | null }>`select to_regclass(${constraint + s})::text as t`
      .execute(db)
      .then((r) => r.rows[0]?.t != null)
    if (!found) {
      await sql
        .raw(`alter table ${table}${s} add constraint ${constraint}${s} primary key (${columns})`)
        .execute(db)
    }
  }
  await execAll(
    db,
    `
    create index if not exists sp_version_period${s} on sp_version${s}
      (tenant_id, period_start, from_at) include (to_at, place_id, category, count);
    create index if not exists sp_version_closed${s} on sp_version${s}
      (tenant_id, period_start, to_at) where to_at is not null;
    create index if not exists sp_version_live_report${s} on sp_version${s}
      (report_id, tenant_id) where to_at is null;
    create index if not exists sp_version_place${s} on sp_version${s}
      (place_id, tenant_id, occurred_on);
    create index if not exists sp_version_source${s} on sp_version${s}
      (tenant_id, org_id, occurred_on) where org_id in (${sources});
    create index if not exists sp_measure_known${s} on sp_measure${s} (tenant_id, recorded_at);
  `,
  )
  // Fresh statistics, so the first pictures after a rebuild get the index plans.
  await execAll(db, TABLES.map((t) => `analyze ${t}${s};`).join('\n'))
}

export const dropTables = async (db: Db, suffix: string): Promise<void> => {
  await execAll(db, TABLES.map((t) => `drop table if exists ${t}${suffix};`).join('\n'))
}

/**
 * Replaces the live tables by the `_next` ones inside the caller's transaction: PostgreSQL and
 * PGlite both run DDL transactionally, so readers see either the old or the new set.
 */
export const swapTables = async (db: Db, suffix: string): Promise<void> => {
  const statements = [
    ...TABLES.map((t) => `drop table if exists ${t};`),
    ...TABLES.map((t) => `alter table ${t}${suffix} rename to ${t};`),
    ...INDEXES.map((i) => `alter index if exists ${i}${suffix} rename to ${i};`),
    ...CONSTRAINTS.map((c) => `alter index if exists ${c}${suffix} rename to ${c};`),
  ]
  await execAll(db, statements.join('\n'))
}

/** Takes the live tables for the rest of the transaction so no writer slips between catch-up and swap. */
export const lockTables = async (db: Db): Promise<void> => {
  await sql.raw(`lock table ${TABLES.join(', ')} in exclusive mode`).execute(db)
}
