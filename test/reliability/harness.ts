/**
 * Real processes for the reliability suites: the CLI as an operator runs it, servers on ephemeral
 * ports, and kill -9. Nothing here is mocked; the suites judge what the processes left behind.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')
export const CLI = join(ROOT, 'apps/cli/bin/lagesbild.js')

export interface CliResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

const childEnv = (env: Record<string, string>): NodeJS.ProcessEnv => {
  // The suites choose the backend explicitly: never inherit one from the shell.
  const { DATABASE_URL: _u, LAGESBILD_DATA_DIR: _d, PORT: _p, ...rest } = process.env
  return { ...rest, NO_COLOR: '1', ...env }
}

/** Runs `lagesbild <args>` to completion. */
export function runCli(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: childEnv(env) })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/** Starts `lagesbild <args>` and returns the process without waiting for it. */
export function startCli(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: childEnv(env) })
}

export interface Server {
  readonly url: string
  readonly process: ChildProcess
  readonly output: () => string
  /** kill -9, and wait until the process is gone. */
  readonly kill9: () => Promise<void>
  /** SIGTERM (graceful), and wait until the process is gone. */
  readonly stop: () => Promise<void>
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()))

/** Starts `lagesbild serve --port 0` and resolves with its URL once it listens. */
export function startServer(
  env: Record<string, string>,
  timeoutMs = 60_000,
  extraArgs: readonly string[] = [],
): Promise<Server> {
  const child = startCli(['serve', '--port', '0', ...extraArgs], env)
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`))
    }, timeoutMs)
    const onData = (d: Buffer) => {
      out += d
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve({
          url: m[1],
          process: child,
          output: () => out,
          kill9: async () => {
            child.kill('SIGKILL')
            await exited(child)
          },
          stop: async () => {
            child.kill('SIGTERM')
            await exited(child)
          },
        })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (d: Buffer) => {
      out += d
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before listening:\n${out}`))
    })
  })
}

/** Creates a token with the CLI and returns the secret it printed once. */
export async function createToken(
  env: Record<string, string>,
  tenant: string,
  org: string,
  role: string,
): Promise<string> {
  const r = await runCli(['token', 'create', '--tenant', tenant, '--org', org, '--role', role], env)
  if (r.code !== 0) throw new Error(`token create failed: ${r.stderr}`)
  return r.stdout.trim()
}

/** Waits until `ok()` holds, polling every 100 ms. */
export async function until(what: string, ok: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** A fingerprint of every read-model table: equal fingerprints, equal contents. */
export async function readModelFingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const tables = await client.query<{ name: string }>(
      `select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE'
          and table_name not in ('events', 'checkpoints', 'kysely_migration', 'kysely_migration_lock')
          and table_name not like 'api\\_%' and table_name not like '%\\_next'
        order by 1`,
    )
    const out: Record<string, string> = {}
    for (const { name } of tables.rows) {
      const r = await client.query<{ n: string; h: string | null }>(
        `select count(*)::text as n, md5(string_agg(t::text, '|' order by t::text)) as h
           from "${name}" t`,
      )
      out[name] = `${r.rows[0]?.n}:${r.rows[0]?.h}`
    }
    return out
  } finally {
    await client.end()
  }
}

/** Whether every projection's checkpoint is at the head of the log. */
export async function caughtUp(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const r = await client.query<{ behind: string }>(
      `select count(*)::text as behind from checkpoints
        where position < (select coalesce(max(global_position), 0) from events)`,
    )
    return r.rows[0]?.behind === '0'
  } finally {
    await client.end()
  }
}

/** One SQL query against a PostgreSQL database, for assertions on what processes left behind. */
export async function query<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(text, values)).rows
  } finally {
    await client.end()
  }
}
