// The dashboard in a real browser: Debian's chromium driven by playwright-core (never a
// downloaded browser), against the demo municipality served by the real app on a real port.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { importPublicSource } from '@lagesbild/public-sources'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApi, type TestApi } from './testing/setup.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const SCREENSHOTS = join(ROOT, 'test-artifacts/screenshots')
const REAL = join(ROOT, '../shared/data/real')

/** The system chromium, or why there is none. CI (LAGESBILD_REQUIRE_CHROMIUM=1) must have one. */
function findChromium(): { path?: string; skipReason?: string } {
  try {
    return { path: execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() }
  } catch {
    const reason = 'no chromium on PATH (apt-get install -y chromium)'
    if (process.env.LAGESBILD_REQUIRE_CHROMIUM === '1') {
      throw new Error(`${reason}, and LAGESBILD_REQUIRE_CHROMIUM=1`)
    }
    console.warn(`skipping the browser tests: ${reason}; set LAGESBILD_REQUIRE_CHROMIUM=1 to fail`)
    return { skipReason: reason }
  }
}

const found = findChromium()

describe.skipIf(found.skipReason !== undefined)('dashboard in chromium (demo data)', () => {
  let api: TestApi
  let browser: Browser
  let server: ReturnType<typeof serve>
  let base: string
  let token: string
  let page: Page
  const consoleErrors: string[] = []
  const requested: string[] = []
  const failedRequests: string[] = []

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true })
    api = await openTestApi({ demoTenant: 'demo' })
    token = await api.token('demo', 'municipality', 'analyst')
    // Real public data beside the invented town: the police's published Mjölby events onto the
    // demo municipality, and Brå's figures for Ludvika on a place registered for the test.
    await api.registerPlaces('demo', [
      {
        placeId: 'ludvika',
        name: 'Ludvika',
        // A place under the demo municipality (a tenant has one municipality at the top), with
        // no point, so the demo's map and districts stay as they are.
        level: 'place',
        kind: 'other',
        parentId: 'mjolby-demo',
      },
    ])
    await importPublicSource(api.lagesbild.store, {
      tenantId: 'demo',
      source: 'police-events',
      file: {
        text: readFileSync(join(REAL, 'polisen_events_ostergotland_2022_2026.json'), 'utf8'),
      },
      options: { municipality: 'Mjölby', municipalityPlaceId: 'mjolby-demo' },
    })
    await importPublicSource(api.lagesbild.store, {
      tenantId: 'demo',
      source: 'bra-indicators',
      file: { text: readFileSync(join(REAL, 'bra_kommunindikatorer_dalarna.csv'), 'utf8') },
      options: { geographies: ['Ludvika'], places: { Ludvika: 'ludvika' } },
    })
    await api.lagesbild.runner.catchUp()
    server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await chromium.launch({
      executablePath: found.path as string,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    page = await context.newPage()
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
    page.on('pageerror', (error) => consoleErrors.push(String(error)))
    page.on('request', (request) => requested.push(new URL(request.url()).pathname))
    page.on('requestfailed', (request) =>
      failedRequests.push(`${request.method()} ${request.url()}`),
    )
    page.on('response', (response) => {
      if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url()}`)
    })
    // Anything not from our own origin would be a CDN or tile server: the page must need none.
    await context.route(
      (url) => !url.href.startsWith(base),
      (route) => {
        failedRequests.push(`outside request ${route.request().url()}`)
        return route.abort()
      },
    )
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    await api?.lagesbild.close()
  })

  const shot = (name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })

  it('asks for a token first and fetches nothing without one', async () => {
    await page.goto(`${base}/`)
    await expect(page.locator('main .notice').textContent()).resolves.toContain('API-nyckel')
    expect(await page.evaluate('document.documentElement.lang')).toBe('sv')
    expect(failedRequests).toEqual([])
  })

  it('renders the situation picture with hot spots, area status, alerts and the map', async () => {
    await page.fill('#token', token)
    await page.click('#auth button[type=submit]')
    await page.goto(`${base}/#/picture?asOf=2025-10-01`)
    await page.waitForSelector('#hot-by-count tbody tr')
    expect(await page.locator('#picture-title').textContent()).toBe('Lägesbild')
    expect(await page.locator('.meta').first().textContent()).toContain('2025-09-22 – 2025-10-05')
    const hotRows = await page.locator('#hot-by-count tbody tr').count()
    expect(hotRows).toBeGreaterThan(3)
    // Change arrows are there, with the signed difference.
    expect(await page.locator('#hot-by-count .change').count()).toBe(hotRows)
    // The five districts with a status word each (not colour alone).
    const statuses = await page.locator('#areas tbody .badge').allTextContents()
    expect(statuses).toHaveLength(5)
    for (const status of statuses) expect(['grön', 'gul', 'orange', 'röd']).toContain(status)
    // The alerts section comes before the area table.
    const order = await page.evaluate(
      "document.getElementById('alerts').compareDocumentPosition(document.getElementById('areas')) & Node.DOCUMENT_POSITION_FOLLOWING",
    )
    expect(order).toBeTruthy()
    // The map draws one linked circle per place from the places' own coordinates.
    expect(await page.locator('#map svg a.place circle').count()).toBe(18)
    expect(await page.locator('#active-measures li').count()).toBeGreaterThan(0)
    await shot('situation-picture')
  })

  it('changing the date changes the picture', async () => {
    const before = await page.locator('#totals').textContent()
    const firstHot = await page.locator('#hot-by-count tbody tr').first().textContent()
    await page.fill('#picture-form input[name=asOf]', '2021-03-15')
    await page.click('#picture-form button[type=submit]')
    await page.waitForFunction(`location.hash.includes('2021-03-15')`)
    await page.waitForSelector('#hot-by-count tbody tr')
    await expect
      .poll(() => page.locator('.meta').first().textContent())
      .toContain('2021-03-15 – 2021-03-28')
    const after = await page.locator('#totals').textContent()
    const afterHot = await page.locator('#hot-by-count tbody tr').first().textContent()
    expect(`${after}|${afterHot}`).not.toBe(`${before}|${firstHot}`)
  })

  it('"as known at" the meeting shows fewer late reports than the picture today', async () => {
    const total = async () =>
      Number(((await page.locator('#totals').textContent()) ?? '').match(/antal (\d+)/)?.[1])
    const today = await total()
    // The meeting the morning after the period ended: reports recorded later are left out.
    await page.fill('#picture-form input[name=knownAt]', '2021-03-29T09:00')
    await page.click('#picture-form button[type=submit]')
    await page.waitForFunction(`location.hash.includes('knownAt')`)
    await page.waitForSelector('#totals')
    const atMeeting = await total()
    expect(atMeeting).toBeLessThan(today)
    expect(await page.locator('.meta').first().textContent()).toMatch(
      /Kunskapsläge: 2021-03-29 09:00.*\d+ händelser registrerade efter kunskapsläget är inte med/,
    )
  })

  it('opening a place from the map shows its trend chart with measures marked', async () => {
    await page.goto(`${base}/#/picture?asOf=2025-10-01`)
    await page.waitForSelector('#map svg a.place')
    await page.locator('#map svg a.place[href*="resecentrum"]').click()
    await page.waitForSelector('#trend-chart canvas')
    expect(await page.locator('#place-title').textContent()).toContain('Resecentrum')
    // One row per reporting period over three years, zero periods included.
    const rows = await page.locator('#trend-chart details table tbody tr').count()
    expect(rows).toBeGreaterThan(70)
    expect(await page.locator('#insecurity-chart canvas').count()).toBe(1)
    expect(await page.locator('#insecurity-chart details tbody tr').count()).toBe(7)
    expect(await page.locator('section[aria-labelledby=place-measures] tbody tr').count()).toBe(1)
    await shot('place-trend')
  })

  it('the place view is reachable by keyboard from the map', async () => {
    await page.goto(`${base}/#/picture?asOf=2025-10-01`)
    await page.waitForSelector('#map svg a.place')
    await page.locator('#map svg a.place').first().focus()
    await page.keyboard.press('Enter')
    await page.waitForSelector('#trend-chart canvas')
  })

  it('opening a measure shows its effect with CIs, verdict, evidence level and warnings', async () => {
    await page.goto(`${base}/#/measures`)
    await page.waitForSelector('#measures-title')
    await page.locator('a[href="#/measure/m-gastisparken-belysning"]').first().click()
    await page.waitForSelector('#effect-estimates svg circle')
    expect(await page.locator('#verdict .badge').textContent()).toBe('Trolig effekt')
    expect(await page.locator('#verdict').textContent()).toContain('Evidensnivå (Maryland SMS): 3')
    // Every estimate row with its interval; the primary one excludes 1.
    const primary = await page.locator('#effect-estimates tbody tr').first().allTextContents()
    expect(primary.join(' ')).toMatch(/0,64.*0,49 – 0,83/)
    expect(await page.locator('#effect-estimates svg .whisker').count()).toBeGreaterThanOrEqual(12)
    expect(await page.locator('#effect-series canvas').count()).toBeGreaterThan(0)
    expect(await page.locator('#warnings li').count()).toBeGreaterThan(0)
    await shot('measure-effect')
  })

  it('shows insecurity by area with CIs and suppressed cells as suppressed', async () => {
    await page.goto(`${base}/#/insecurity?year=2025`)
    await page.waitForSelector('#insecurity-ranked svg circle')
    expect(await page.locator('#insecurity-ranked svg circle').count()).toBe(5)
    expect(await page.locator('#insecurity-ranked svg .reference').count()).toBe(1)
    await shot('insecurity')
    await page.goto(`${base}/#/insecurity?year=2025&minCellSize=400`)
    await page.waitForSelector('#insecurity-ranked svg .note')
    const suppressed = await page.locator('#insecurity-ranked svg .note').count()
    expect(suppressed).toBeGreaterThan(0)
    expect(await page.locator('#insecurity-ranked svg circle').count()).toBe(5 - suppressed)
    expect(await page.locator('#insecurity-ranked table').textContent()).toContain('undertryckt')
  })

  it('takes a token from the link lagesbild demo prints and strips it from the address bar', async () => {
    const context = await browser.newContext()
    const fresh = await context.newPage()
    try {
      await fresh.goto(`${base}/#/picture?asOf=2025-10-01&token=${token}`)
      await fresh.waitForSelector('#hot-by-count tbody tr')
      expect(await fresh.evaluate('location.hash')).toBe('#/picture?asOf=2025-10-01')
      expect(await fresh.evaluate("sessionStorage.getItem('lagesbild.token')")).toBe(token)
      // Forgetting it takes the data away again.
      await fresh.click('#forget')
      await fresh.waitForSelector('main .notice')
      expect(await fresh.evaluate("sessionStorage.getItem('lagesbild.token')")).toBeNull()
    } finally {
      await context.close()
    }
  })

  it('says so when the token is refused, without showing data', async () => {
    const context = await browser.newContext()
    const fresh = await context.newPage()
    try {
      await fresh.goto(`${base}/#/picture?asOf=2025-10-01&token=lb_not-a-real-token`)
      await fresh.waitForSelector('main .notice.error')
      expect(await fresh.locator('main .notice.error').textContent()).toContain('401')
      expect(await fresh.locator('#hot-by-count').count()).toBe(0)
    } finally {
      await context.close()
    }
  })

  it('lists the police events of the period and draws the police series as their own line', async () => {
    // A period with published Mjölby events, found through the API.
    let asOf = ''
    for (let day = Date.UTC(2022, 1, 1); day < Date.UTC(2025, 11, 1); day += 14 * 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10)
      const res = await api.call(`/v1/situation-picture?asOf=${date}`, token)
      const body = (await res.json()) as { policeEvents: { total: number } }
      if (body.policeEvents.total > 0) {
        asOf = date
        break
      }
    }
    expect(asOf).not.toBe('')
    await page.goto(`${base}/#/picture?asOf=${asOf}`)
    await page.waitForSelector('#police-events tbody tr')
    expect(await page.locator('#police-events h3').textContent()).toMatch(/Polisens händelser/)
    await page.goto(`${base}/#/place/mjolby-demo?scope=area&from=2022-01-01&to=2025-12-31`)
    await page.waitForSelector('#trend-chart canvas')
    const legend = await page.locator('#trend-chart .u-legend').textContent()
    expect(legend).toContain('Parternas rapporter')
    expect(legend).toContain('Polisens händelser')
    const header = await page.locator('#trend-chart details thead').textContent()
    expect(header).toContain('Polisens händelser')
    // The municipality's own survey per year on the second panel.
    expect(await page.locator('#insecurity-chart details tbody tr').count()).toBe(7)
    await shot('place-trend-police')
  })

  it('shows official statistics on the place as published, labelled as official', async () => {
    await page.goto(`${base}/#/place/ludvika?to=2024-12-31`)
    await page.waitForSelector('#official')
    const text = await page.locator('#official table').textContent()
    expect(text).toContain('Totalt antal anmälda brott (Brå)')
    // Ludvika 2024 as published: 2 127 reported crimes.
    const row2024 = await page.locator('#official tbody tr', { hasText: '2024' }).textContent()
    expect(row2024?.replace(/\s/g, '')).toContain('2127')
  })

  it('switches to English', async () => {
    await page.goto(`${base}/#/picture?asOf=2025-10-01`)
    await page.waitForSelector('#picture-title')
    await page.selectOption('#lang-select', 'en')
    await expect.poll(() => page.locator('#picture-title').textContent()).toBe('Situation picture')
    expect(await page.evaluate('document.documentElement.lang')).toBe('en')
    await page.selectOption('#lang-select', 'sv')
  })

  it("names categories from the tenant's catalogue, fetched once per page, not per view", () => {
    const catalogue = requested.filter((path) => path === '/v1/categories').length
    const pages = requested.filter((path) => path === '/').length
    expect(catalogue).toBeGreaterThan(0)
    expect(catalogue).toBeLessThanOrEqual(pages)
  })

  it('had no console errors, failed requests or outside requests on the way', () => {
    expect(consoleErrors).toEqual([])
    expect(failedRequests).toEqual([])
  })
})
