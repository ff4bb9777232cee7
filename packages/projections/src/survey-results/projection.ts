import { sql } from 'kysely'
import type { Db, StoredEvent } from '../log.js'
import type { ReadModelProjection } from '../runner/index.js'
import { execAll } from '../situation-picture/tables.js'
import type { SurveyWaveImportedData } from './model.js'

/**
 * Three tables: the wave header (latest chunk's copy, chunks received), the published figures
 * and the respondents, one row each, keyed by (tenant, wave, chunk, position in the chunk) so a
 * chunk imported again replaces exactly its own rows. Respondents keep their answers as one
 * jsonb object: a wave of 7,000 respondents × 40 questions is 7,000 rows to read out, not
 * 280,000, and reading rows out is what costs (docs/performance.md).
 */
const TABLES = ['survey_wave', 'survey_aggregate', 'survey_respondent']

const createTables = async (db: Db, s: string): Promise<void> => {
  await execAll(
    db,
    `
    create table if not exists survey_wave${s} (
      tenant_id text not null,
      wave_id text not null,
      year integer not null,
      header jsonb not null,
      chunks jsonb not null,
      constraint survey_wave_pk${s} primary key (tenant_id, wave_id)
    );
    create table if not exists survey_aggregate${s} (
      tenant_id text not null,
      wave_id text not null,
      chunk_index integer not null,
      seq integer not null,
      place_id text,
      area_label text not null,
      indicator_id text not null,
      estimate float8 not null,
      ci_lower float8,
      ci_upper float8,
      ci_level float8,
      n integer,
      constraint survey_aggregate_pk${s} primary key (tenant_id, wave_id, chunk_index, seq)
    );
    create table if not exists survey_respondent${s} (
      tenant_id text not null,
      wave_id text not null,
      chunk_index integer not null,
      seq integer not null,
      respondent_id text not null,
      place_id text,
      area_label text not null,
      age_group text,
      sex text,
      weight float8 not null,
      answers jsonb not null,
      constraint survey_respondent_pk${s} primary key (tenant_id, wave_id, chunk_index, seq)
    )
  `,
  )
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T

const applySurveyEvents = async (
  tx: Db,
  events: readonly StoredEvent[],
  s: string,
): Promise<void> => {
  const t = (name: string) => sql.table(`${name}${s}`)
  for (const event of events) {
    if (event.type !== 'SurveyWaveImported') continue
    const d = event.data as SurveyWaveImportedData
    const tenantId = event.metadata.tenantId
    const old = await sql<{ chunks: unknown }>`select chunks from ${t('survey_wave')}
      where tenant_id = ${tenantId} and wave_id = ${d.waveId}`.execute(tx)
    const seen = json<number[]>(old.rows[0]?.chunks ?? [])
    const chunks = [...new Set([...seen, d.chunk.index])].sort((a, b) => a - b)
    const { content: _content, ...header } = d
    await sql`insert into ${t('survey_wave')} (tenant_id, wave_id, year, header, chunks)
      values (${tenantId}, ${d.waveId}, ${d.year}, ${JSON.stringify(header)}::jsonb,
        ${JSON.stringify(chunks)}::jsonb)
      on conflict (tenant_id, wave_id) do update
      set year = excluded.year, header = excluded.header, chunks = excluded.chunks`.execute(tx)
    for (const table of ['survey_aggregate', 'survey_respondent']) {
      await sql`delete from ${t(table)} where tenant_id = ${tenantId} and wave_id = ${d.waveId}
        and chunk_index = ${d.chunk.index}`.execute(tx)
    }
    const key = { tenant_id: tenantId, wave_id: d.waveId, chunk_index: d.chunk.index }
    if (d.content.format === 'aggregates') {
      const rows = d.content.aggregates.map((a, seq) => ({
        ...key,
        seq,
        place_id: a.area.placeId ?? null,
        area_label: a.area.label,
        indicator_id: a.indicatorId,
        estimate: a.estimate,
        ci_lower: a.ciLower,
        ci_upper: a.ciUpper,
        ci_level: a.ciLevel ?? null,
        n: a.n,
      }))
      await insertJson(
        tx,
        `survey_aggregate${s}`,
        `tenant_id text, wave_id text, chunk_index integer, seq integer, place_id text,
        area_label text, indicator_id text, estimate float8, ci_lower float8, ci_upper float8,
        ci_level float8, n integer`,
        rows,
      )
    } else {
      const rows = d.content.respondents.map((r, seq) => ({
        ...key,
        seq,
        respondent_id: r.respondentId,
        place_id: r.area.placeId ?? null,
        area_label: r.area.label,
        age_group: r.ageGroup ?? null,
        sex: r.sex ?? null,
        weight: r.weight,
        answers: r.answers,
      }))
      await insertJson(
        tx,
        `survey_respondent${s}`,
        `tenant_id text, wave_id text, chunk_index integer, seq integer, respondent_id text,
        place_id text, area_label text, age_group text, sex text, weight float8, answers jsonb`,
        rows,
      )
    }
  }
}

/** Rows go in as one jsonb parameter per 2,000: one round trip instead of one per row. */
const insertJson = async (db: Db, table: string, columns: string, rows: readonly object[]) => {
  const names = columns
    .split(',')
    .map((c) => c.trim().split(/\s+/)[0])
    .join(', ')
  for (let i = 0; i < rows.length; i += 2000) {
    await sql`insert into ${sql.table(table)} (${sql.raw(names)})
      select ${sql.raw(names)} from jsonb_to_recordset(${JSON.stringify(
        rows.slice(i, i + 2000),
      )}::jsonb) as x(${sql.raw(columns)})`.execute(db)
  }
}

/**
 * The survey results' read model: wave headers, published figures with CI and n, and
 * respondent-level answers (every chunk of a wave appended; a re-imported chunk replaces its
 * earlier copy). Rebuilt by replaying SurveyWaveImported through `apply`.
 */
export const surveyResultsProjection: ReadModelProjection = {
  name: 'survey-results',
  createTables,
  createIndexes: async () => {},
  dropTables: async (db, suffix) => {
    await execAll(db, TABLES.map((t) => `drop table if exists ${t}${suffix};`).join('\n'))
  },
  swapTables: async (db, suffix) => {
    await execAll(
      db,
      [
        ...TABLES.map((t) => `drop table if exists ${t};`),
        ...TABLES.map((t) => `alter table ${t}${suffix} rename to ${t};`),
        ...TABLES.map((t) => `alter index if exists ${t}_pk${suffix} rename to ${t}_pk;`),
      ].join('\n'),
    )
  },
  lockTables: async (db) => {
    await sql.raw(`lock table ${TABLES.join(', ')} in exclusive mode`).execute(db)
  },
  apply: applySurveyEvents,
  eventTypes: ['SurveyWaveImported'],
}
