import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_PLACES } from '@lagesbild/demo-data'
import {
  createThrowawayDatabase,
  postgresSkipReason,
  type ThrowawayDatabase,
} from '@lagesbild/event-store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  caughtUp,
  createToken,
  query,
  readModelFingerprint,
  runCli,
  type Server,
  startCli,
  startServer,
  until,
} from './harness.js'

const skip = await postgresSkipReason()
const REPORTS = 8_000
const ROWS_PER_REPORT = 4
const leaves = DEMO_PLACES.filter((p) => p.level === 'place').map((p) => p.placeId)
const CATEGORIES = ['graffiti', 'vandalism', 'littering', 'threats'] as const

/** A reports CSV big enough that the import is still appending when it is killed. */
async function bigReportsFile(dir: string): Promise<string> {
  const lines = [
    'report_id,organisation_id,submitted_at,place_id,occurred_on,category,count,certainty,police_reported',
  ]
  for (let r = 0; r < REPORTS; r++) {
    const day = `2023-${String((r % 12) + 1).padStart(2, '0')}-${String((r % 27) + 1).padStart(2, '0')}`
    for (let o = 0; o < ROWS_PER_REPORT; o++) {
      const place = leaves[(r + o) % leaves.length]
      lines.push(
        `crash-${r},housing-company,${day} 12:00,${place},${day},${CATEGORIES[o]},${1 + (r % 3)},observed,no`,
      )
    }
  }
  const file = join(dir, 'reports.csv')
  await writeFile(file, `${lines.join('\n')}\n`)
  return file
}

const importedReports = async (url: string) =>
  (
    await query<{ reports: string; duplicates: string }>(
      url,
      `select count(distinct data->>'reportId')::text as reports,
              (count(*) - count(distinct data->>'reportId'))::text as duplicates
         from events where type = 'ReportSubmitted' and data->>'reportId' like 'crash-%'`,
    )
  )[0] as { reports: string; duplicates: string }

// kill -9 is what a power cut, an OOM kill or an impatient operator does. Whatever the moment,
// the log must stay consistent, a re-run must finish the job without duplicates, and the
// server must keep answering from the old read models meanwhile.
describe.skipIf(skip)('crash in the middle of an import and of a rebuild', () => {
  let db: ThrowawayDatabase
  let env: Record<string, string>
  let dir: string
  let file: string
  let server: Server
  let token: string

  beforeAll(async () => {
    db = await createThrowawayDatabase()
    env = { DATABASE_URL: db.url }
    dir = await mkdtemp(join(tmpdir(), 'lagesbild-crash-'))
    file = await bigReportsFile(dir)
    const seeded = await runCli(['demo', '--no-serve'], env)
    expect(seeded.code, seeded.stderr).toBe(0)
    token = await createToken(env, 'demo', 'municipality', 'analyst')
    server = await startServer(env)
  })
  afterAll(async () => {
    await server?.kill9().catch(() => {})
    await db?.drop()
    await rm(dir, { recursive: true, force: true })
  })

  const pictureAnswers = async () => {
    const res = await fetch(`${server.url}/v1/situation-picture?asOf=2023-06-15`, {
      headers: { authorization: `Bearer ${token}` },
    })
    await res.text()
    return res.status
  }

  it('an import killed halfway leaves a consistent log, and its re-run completes without duplicates', async () => {
    const child = startCli(['import', 'reports', file, '--tenant', 'demo'], env)
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    // Kill once some chunks are committed, but not all.
    await until(
      'the import to commit a first chunk',
      async () => Number((await importedReports(db.url)).reports) > 0,
      120_000,
    )
    child.kill('SIGKILL')
    await exited
    const partial = await importedReports(db.url)
    expect(Number(partial.reports)).toBeLessThan(REPORTS)
    expect(partial.duplicates).toBe('0')
    expect(await pictureAnswers()).toBe(200)

    const rerun = await runCli(['import', 'reports', file, '--tenant', 'demo'], env)
    expect(rerun.code, rerun.stderr).toBe(0)
    const done = await importedReports(db.url)
    expect(done).toEqual({ reports: String(REPORTS), duplicates: '0' })
    const again = await runCli(['import', 'reports', file, '--tenant', 'demo'], env)
    expect(again.code, again.stderr).toBe(0)
    expect(await importedReports(db.url)).toEqual(done)
    expect(await pictureAnswers()).toBe(200)
  })

  it('a rebuild killed halfway leaves the old read models serving, and a re-run rebuilds cleanly', async () => {
    await until('the read models to catch up', () => caughtUp(db.url), 60_000)
    const before = await readModelFingerprint(db.url)
    const child = startCli(['rebuild'], env)
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    await until(
      'the rebuild to create its tables',
      async () =>
        (
          await query(
            db.url,
            `select 1 from information_schema.tables where table_name like '%\\_next'`,
          )
        ).length > 0,
      120_000,
    )
    child.kill('SIGKILL')
    await exited
    expect(await pictureAnswers()).toBe(200)
    expect(await readModelFingerprint(db.url)).toEqual(before)

    const rerun = await runCli(['rebuild'], env)
    expect(rerun.code, rerun.stderr).toBe(0)
    expect(await readModelFingerprint(db.url)).toEqual(before)
    expect(await pictureAnswers()).toBe(200)
  })
})
