import { describe, expect, it } from 'vitest'
import { samplePicture } from './fixture.js'
import { escapeHtml, pictureHtml } from './html.js'

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })
})

describe('pictureHtml', () => {
  const html = pictureHtml(samplePicture())

  it('escapes place names and titles: no injected markup survives', () => {
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Parken')
    expect(html).toContain('Belysning &lt;b&gt;')
    expect(html).toContain('Norr &amp; Co')
  })

  it('is self-contained: inline CSS, no scripts, no external assets', () => {
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<style>')
    expect(html).not.toMatch(/<script|<link|src=|href=|url\(/i)
    expect(html).toContain('@media print')
    expect(html).toContain('size:A4')
  })

  it('heads the brief with tenant, period, as-of and known-at', () => {
    expect(html).toContain('Lägesbild – mjolby')
    expect(html).toContain('2024-03-04 – 2024-03-17')
    expect(html).toContain('<dt>Avser datum</dt><dd>2024-03-10</dd>')
    expect(html).toContain('<dt>Kunskapsläge</dt><dd>2024-03-15 10:00 UTC</dd>')
    expect(html).toContain('2 händelse(r) registrerade efter kunskapsläget')
  })

  it('lists hot spots in order with the change against the previous period', () => {
    const park = html.indexOf('Parken</td>')
    const torget = html.indexOf('Torget, &quot;stora&quot;</td>')
    expect(park).toBeGreaterThan(-1)
    expect(torget).toBeGreaterThan(park)
    // the parent column names the area, which has no count of its own
    expect(html).toContain('Parken</td><td>Centrum</td>')
    // park 5 now, 2 before; the square 1 now, 4 before
    expect(html).toContain(
      '<td class="n">5</td><td class="n">2</td><td class="n"><span class="up">▲ +3</span>',
    )
    expect(html).toContain(
      '<td class="n">1</td><td class="n">4</td><td class="n"><span class="down">▼ −3</span>',
    )
  })

  it('gives each area its status in Swedish', () => {
    expect(html).toMatch(/Centrum<\/td>.*?<span class="status red">röd<\/span>/s)
    expect(html).toMatch(/Norr &amp; Co<\/td>.*?<span class="status green">grön<\/span>/s)
  })

  it('lists active measures and measures awaiting evaluation with their places', () => {
    const active = html.indexOf('Pågående åtgärder')
    const awaiting = html.indexOf('Åtgärder som väntar på utvärdering')
    expect(active).toBeGreaterThan(-1)
    expect(awaiting).toBeGreaterThan(active)
    expect(html.slice(active, awaiting)).toContain('Belysning')
    expect(html.slice(awaiting)).toContain('Städning')
    expect(html.slice(awaiting)).toContain('2024-02-28')
  })

  it('says so when a section is empty', () => {
    const p = samplePicture()
    const bare = pictureHtml({
      ...p,
      hotSpots: { byCount: [], byHarm: [], byExcess: [] },
      measures: { active: [], awaitingEvaluation: [] },
    })
    expect(bare).toContain('Inga händelser i perioden.')
    expect(bare).toContain('Inga pågående åtgärder.')
    expect(bare).not.toContain('Parken</td>')
  })
})
