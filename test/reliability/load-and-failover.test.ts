import { openLagesbild, READ_MODELS } from '@lagesbild/application'
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
  readModelFingerprint,
  runCli,
  type Server,
  startServer,
  until,
} from './harness.js'

const skip = await postgresSkipReason()
const TENANT = 'demo'
const CLIENTS = 32
const OPS_PER_CLIENT = 12
const leaves = DEMO_PLACES.filter((p) => p.level === 'place').map((p) => p.placeId)

interface Outcome {
  readonly acknowledged: Map<string, string> // eventId → idempotency key
  readonly statuses: number[]
  readonly networkErrors: number
  /** Requests that never got a definite answer (only network errors or 409s) within 20 tries. */
  readonly unanswered: string[]
}

/**
 * One simulated reporter: submits reports, and corrects an earlier one of its own now and
 * then. A request that fails on the network is retried with the same Idempotency-Key, as a real
 * client would, so a write that did land before the failure must not land twice.
 */
async function reporter(
  client: number,
  servers: () => readonly string[],
  token: string,
  organisation: string,
  round: string,
  out: Outcome,
): Promise<void> {
  const submitted: { reportId: string; observationId: string; placeId: string }[] = []
  for (let i = 0; i < OPS_PER_CLIENT; i++) {
    const correct = i % 4 === 3 && submitted.length > 0
    const placeId = leaves[(client * 7 + i) % leaves.length] as string
    const prior = submitted[i % submitted.length]
    const key = `${round}-${client}-${i}`
    const reportId = `load-${round}-${client}-${i}`
    const observation = (observationId: string, count: number, at: string) => ({
      observationId,
      kind: 'disorder',
      categoryCode: 'graffiti',
      placeId: at,
      occurredOn: { precision: 'exact', date: '2025-06-10' },
      count,
      certainty: 'observed',
      policeReported: 'no',
    })
    const [path, body] =
      correct && prior
        ? [
            `/v1/reports/${prior.reportId}/corrections`,
            {
              reportId: prior.reportId,
              observation: observation(prior.observationId, 3, prior.placeId),
            },
          ]
        : [
            '/v1/reports',
            {
              reportId,
              reporterOrganisationId: organisation,
              observations: [observation('o1', 1, placeId)],
            },
          ]
    let answered = false
    for (let attempt = 0; attempt < 20 && !answered; attempt++) {
      const live = servers()
      const url = live[(client + attempt) % live.length] as string
      try {
        const res = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify(body),
        })
        out.statuses.push(res.status)
        if (res.status === 201 || res.status === 200) {
          const accepted = (await res.json()) as { events: { eventId: string }[] }
          for (const e of accepted.events) out.acknowledged.set(e.eventId, key)
          if (!correct) submitted.push({ reportId, observationId: 'o1', placeId })
        } else {
          await res.text()
        }
        // A 409 while another attempt with this key is still in flight is a retryable answer.
        answered = res.status !== 409
      } catch {
        ;(out as { networkErrors: number }).networkErrors++
      }
      if (!answered) await new Promise((r) => setTimeout(r, 100))
    }
    if (!answered) out.unanswered.push(key)
  }
}

async function feed(url: string, token: string): Promise<{ eventId: string; type: string }[]> {
  const all: { eventId: string; type: string; position: number }[] = []
  let after = 0
  for (;;) {
    const res = await fetch(`${url}/v1/events?after=${after}&limit=1000`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
    const page = ((await res.json()) as { events: typeof all }).events
    all.push(...page)
    if (page.length < 1000) return all
    after = (page[page.length - 1] as (typeof all)[number]).position
  }
}

describe.skipIf(skip)('two API processes on one PostgreSQL under load', () => {
  let db: ThrowawayDatabase
  let env: Record<string, string>
  const servers: Server[] = []
  const tokens: Record<string, string> = {}

  beforeAll(async () => {
    db = await createThrowawayDatabase()
    env = { DATABASE_URL: db.url }
    const seeded = await runCli(['demo', '--no-serve'], env)
    expect(seeded.code, seeded.stderr).toBe(0)
    for (const org of ['housing-company', 'police', 'education']) {
      tokens[org] = await createToken(env, TENANT, org, 'reporter')
    }
    tokens.coordinator = await createToken(env, TENANT, 'municipality', 'coordinator')
    servers.push(await startServer(env), await startServer(env))
  })
  afterAll(async () => {
    for (const s of servers) await s.kill9().catch(() => {})
    await db?.drop()
  })

  const urls = () =>
    servers.filter((s) => s.process.exitCode === null && !s.process.killed).map((s) => s.url)
  const orgOf = (client: number) =>
    (['housing-company', 'police', 'education'] as const)[client % 3]

  const load = (round: string, out: Outcome) =>
    Promise.all(
      Array.from({ length: CLIENTS }, (_, client) => {
        const org = orgOf(client) as string
        return reporter(client, urls, tokens[org] as string, org, round, out)
      }),
    )

  const summarise = (round: string, out: Outcome) => {
    const byStatus: Record<number, number> = {}
    for (const s of out.statuses) byStatus[s] = (byStatus[s] ?? 0) + 1
    console.info(
      `round ${round}: ${out.acknowledged.size} events acknowledged, statuses ${JSON.stringify(byStatus)}, ${out.networkErrors} network errors retried`,
    )
  }

  const assertExactlyOnce = async (out: Outcome, round: string) => {
    summarise(round, out)
    const events = await feed(urls()[0] as string, tokens.coordinator as string)
    const seen = new Map<string, number>()
    for (const e of events) seen.set(e.eventId, (seen.get(e.eventId) ?? 0) + 1)
    for (const id of out.acknowledged.keys()) expect(seen.get(id), `acknowledged ${id}`).toBe(1)
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length)
    // Every report of the round is in the log once, whatever retries happened.
    const submitted = events.filter(
      (e) => e.type === 'ReportSubmitted' && JSON.stringify(e).includes(`load-${round}-`),
    )
    const keys = new Set([...out.acknowledged.values()].filter((k) => k.startsWith(round)))
    expect(submitted.length).toBeLessThanOrEqual(keys.size)
  }

  const assertReadModelsEqualRebuild = async () => {
    await until('the read models to catch up', () => caughtUp(db.url), 60_000)
    const live = await readModelFingerprint(db.url)
    const app = await openLagesbild({ env }, { background: false })
    try {
      for (const model of READ_MODELS) await app.runner.rebuild(model.name)
    } finally {
      await app.close()
    }
    expect(await readModelFingerprint(db.url)).toEqual(live)
  }

  it('acknowledges every write exactly once, with no 5xx, and read models equal a rebuild', async () => {
    const out: Outcome = { acknowledged: new Map(), statuses: [], networkErrors: 0, unanswered: [] }
    await load('a', out)
    expect(out.statuses.filter((s) => s >= 500)).toEqual([])
    expect(out.networkErrors).toBe(0)
    expect(out.unanswered).toEqual([])
    // Corrections may lose a race for the same report (409/412 are answers, not failures).
    expect(out.acknowledged.size).toBeGreaterThanOrEqual(CLIENTS * OPS_PER_CLIENT * 0.7)
    await assertExactlyOnce(out, 'a')
    await assertReadModelsEqualRebuild()
  })

  it('survives kill -9 of the projection leader under load: a follower takes over', async () => {
    const health = async (s: Server) =>
      ((await (await fetch(`${s.url}/health`)).json()) as { projectionLeader?: boolean })
        .projectionLeader === true
    await until('a leader', async () => (await Promise.all(servers.map(health))).some(Boolean))
    const leader = (await Promise.all(servers.map(health))).indexOf(true)
    const out: Outcome = { acknowledged: new Map(), statuses: [], networkErrors: 0, unanswered: [] }
    const running = load('b', out)
    await new Promise((r) => setTimeout(r, 300))
    await servers[leader]?.kill9()
    servers.push(await startServer(env))
    await running
    const survivors = servers.filter(
      (s) => s.process.exitCode === null && s.process.signalCode === null,
    )
    await until('a new leader', async () =>
      (await Promise.all(survivors.map(health))).some(Boolean),
    )
    expect(out.statuses.filter((s) => s >= 500)).toEqual([])
    // A request cut off by the kill is retried with its key on a survivor and gets a definite
    // answer: its events once, or a replay of them.
    expect(out.unanswered).toEqual([])
    await assertExactlyOnce(out, 'b')
    await assertReadModelsEqualRebuild()
  })
})
