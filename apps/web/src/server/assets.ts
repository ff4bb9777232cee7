import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/** One file the dashboard serves, ready to send. */
export interface DashboardAsset {
  readonly body: Uint8Array
  readonly contentType: string
  /** A strong validator: the first 16 hex digits of the body's SHA-256. */
  readonly etag: string
  /** Script and style names carry their hash, so browsers may keep them for a year. */
  readonly immutable: boolean
}

/** The dashboard's files by request path: `/`, `/favicon.svg` and `/app/<name>-<hash>.js|css`. */
export type DashboardAssets = ReadonlyMap<string, DashboardAsset>

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..')

const asset = (body: Uint8Array, contentType: string, immutable: boolean): DashboardAsset => ({
  body,
  contentType,
  etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`,
  immutable,
})

/**
 * Bundles the dashboard (TypeScript, uPlot and the style sheets) with esbuild, in memory. Nothing
 * is written to disk and nothing is fetched: every byte the page needs comes from this workspace,
 * so it works on a closed network. Takes about 100–300 ms; call it once per process
 * (`dashboardAssets` does).
 *
 * @param options.minify smaller files for production (default true)
 * @example
 * const assets = await buildDashboard()
 * assets.get('/')?.contentType // 'text/html; charset=utf-8'
 */
export async function buildDashboard(
  options: { readonly minify?: boolean } = {},
): Promise<DashboardAssets> {
  const result = await build({
    entryPoints: { main: join(SRC, 'client/main.ts') },
    bundle: true,
    write: false,
    format: 'esm',
    target: ['es2022'],
    platform: 'browser',
    minify: options.minify ?? true,
    sourcemap: false,
    legalComments: 'linked',
    outdir: '/app',
    entryNames: '[name]-[hash]',
    logLevel: 'silent',
  })
  const files = new Map<string, DashboardAsset>()
  let script: string | undefined
  let style: string | undefined
  for (const output of result.outputFiles) {
    const name = output.path.slice(output.path.lastIndexOf('/') + 1)
    const path = `/app/${name}`
    if (name.endsWith('.js')) {
      script = path
      files.set(path, asset(output.contents, 'text/javascript; charset=utf-8', true))
    } else if (name.endsWith('.css')) {
      style = path
      files.set(path, asset(output.contents, 'text/css; charset=utf-8', true))
    } else if (name.endsWith('.LEGAL.txt')) {
      files.set(path, asset(output.contents, 'text/plain; charset=utf-8', true))
    }
  }
  if (!script || !style) throw new Error('The dashboard bundle lacks its script or style sheet')
  const template = await readFile(join(SRC, 'index.html'), 'utf8')
  const html = template.replace('%STYLE%', style).replace('%SCRIPT%', script)
  files.set('/', asset(new TextEncoder().encode(html), 'text/html; charset=utf-8', false))
  files.set('/favicon.svg', asset(await readFile(join(SRC, 'favicon.svg')), 'image/svg+xml', false))
  return files
}

let cached: Promise<DashboardAssets> | undefined

/**
 * The dashboard's files, built on first use and then kept for the life of the process. A failed
 * build is not cached, so the next request tries again.
 */
export function dashboardAssets(): Promise<DashboardAssets> {
  if (!cached) {
    cached = buildDashboard().catch((error: unknown) => {
      cached = undefined
      throw error
    })
  }
  return cached
}
