import type { OpenAPIHono } from '@hono/zod-openapi'
import { type DashboardAsset, dashboardAssets } from '@lagesbild/web'
import type { Context } from 'hono'

const send = (c: Context, file: DashboardAsset): Response => {
  const headers = {
    'content-type': file.contentType,
    etag: file.etag,
    // The page itself is revalidated on every load so a new deployment's scripts are picked up;
    // scripts and styles carry their hash in the name and never change.
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  }
  if (c.req.header('if-none-match') === file.etag) return c.body(null, 304, headers)
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, headers)
}

/**
 * The dashboard at `/` (see apps/web). It is a static page: every figure it shows comes from the
 * public /v1 API with the bearer token the user types in, so it can see nothing the token could
 * not. Its files are bundled in memory from the workspace on first request, never fetched.
 */
// biome-ignore lint/suspicious/noExplicitAny: mounted on any app environment
export function mountDashboard(app: OpenAPIHono<any>): void {
  app.get('/', async (c) => {
    const file = (await dashboardAssets()).get('/')
    return file ? send(c, file) : c.notFound()
  })
  app.get('/favicon.svg', async (c) => {
    const file = (await dashboardAssets()).get('/favicon.svg')
    return file ? send(c, file) : c.notFound()
  })
  app.get('/app/:file', async (c) => {
    const file = (await dashboardAssets()).get(`/app/${c.req.param('file')}`)
    return file ? send(c, file) : c.notFound()
  })
}
