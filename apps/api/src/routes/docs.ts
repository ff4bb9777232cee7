import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { swaggerUI } from '@hono/swagger-ui'
import type { OpenAPIHono } from '@hono/zod-openapi'

const require = createRequire(import.meta.url)
const SWAGGER_DIR = dirname(require.resolve('swagger-ui-dist/package.json'))
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
}

/**
 * OpenAPI 3.1 at /openapi.json and the reference page at /docs. The page's CSS and JS are served
 * by the app itself from swagger-ui-dist, never from a CDN, so it works on a closed network.
 */
// biome-ignore lint/suspicious/noExplicitAny: mounted on any app environment
export function mountDocs(app: OpenAPIHono<any>, version: string): void {
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'lagesbild API',
      version,
      description:
        'Situation picture (lägesbild), trends, measures and their effects for local crime-prevention collaboration. Authenticate with `Authorization: Bearer <token>` (create tokens with `lagesbild token create`).',
    },
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  })
  app.get('/docs', swaggerUI({ url: '/openapi.json', baseUrl: '/docs', title: 'lagesbild API' }))
  app.get('/docs/swagger-ui-dist/:file', async (c) => {
    const file = c.req.param('file')
    const type = ASSETS[file]
    if (!type) return c.notFound()
    const body = await readFile(join(SWAGGER_DIR, file))
    return c.body(body, 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    })
  })
}
