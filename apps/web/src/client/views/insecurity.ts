import { get } from '../api.js'
import { intervalPlot } from '../charts/intervals.js'
import { details, h, table } from '../dom.js'
import { num, pct, pValue, t } from '../i18n.js'
import { href, navigate, type Route } from '../router.js'
import type { Insecurity, PlacesGeoJson } from '../types.js'

/**
 * Perceived insecurity by area (and by place where the survey has places) for one survey year: a ranked interval chart with the
 * municipality's level as a reference line, suppressed cells shown as suppressed, and each
 * area against the rest of the municipality (Benjamini–Hochberg q-values).
 */
export async function insecurityView(route: Route): Promise<Node> {
  const minCellSize = route.params.get('minCellSize')
  const all = await get<Insecurity>('/insecurity', { minCellSize })
  const years = [...new Set(all.waves.map((w) => w.year))].sort((a, b) => a - b)
  const year = Number(route.params.get('year')) || years.at(-1) || new Date().getFullYear()
  const [geo] = await Promise.all([
    get<PlacesGeoJson>('/places.geojson', { asOf: `${year}-12-31` }),
  ])
  const names = new Map(geo.features.map((f) => [f.properties.placeId, f.properties.name]))
  const cells = all.cells.filter((c) => c.year === year)
  const municipality = cells.find((c) => c.areaId === all.municipalityId && !c.placeId)
  // Areas and, where the survey has them, single places, ranked together; suppressed cells last.
  const areas = cells
    .filter((c) => c !== municipality)
    .sort((a, b) => (b.share ?? -1) - (a.share ?? -1))
  const nameOf = (c: { readonly areaId: string; readonly placeId?: string }): string =>
    c.placeId
      ? `${names.get(c.placeId) ?? c.placeId} (${names.get(c.areaId) ?? c.areaId})`
      : (names.get(c.areaId) ?? c.areaId)
  const level = municipality && !municipality.suppressed ? (municipality.share ?? null) : null
  const comparisons = all.placeVsMunicipality.filter((c) => c.year === year)

  const form = h(
    'form',
    { class: 'controls', id: 'insecurity-form' },
    h(
      'label',
      {},
      t('year'),
      h(
        'select',
        { name: 'year' },
        years.map((y) => h('option', { value: String(y), selected: y === year }, String(y))),
      ),
    ),
    h(
      'label',
      {},
      t('minCellSize'),
      h('input', {
        type: 'number',
        name: 'minCellSize',
        min: 1,
        max: 1000,
        value: minCellSize ?? '5',
      }),
    ),
    h('button', { type: 'submit' }, t('show')),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const data = new FormData(form)
    navigate(
      href('insecurity', undefined, {
        year: String(data.get('year') ?? ''),
        minCellSize: String(data.get('minCellSize') ?? ''),
      }),
    )
  })
  const caption = t('insecurityRankCaption', { year, level: level === null ? '–' : pct(level) })
  return h(
    'section',
    { class: 'view insecurity', 'aria-labelledby': 'insecurity-title' },
    h('h2', { id: 'insecurity-title' }, t('insecurityTitle')),
    h('p', { class: 'meta' }, all.indicator.label),
    form,
    h(
      'figure',
      { id: 'insecurity-ranked' },
      intervalPlot(
        areas.map((c) => ({
          label: nameOf(c),
          estimate: c.suppressed || c.share === undefined ? null : c.share * 100,
          lower: c.ci ? c.ci.lower * 100 : null,
          upper: c.ci ? c.ci.upper * 100 : null,
          note: t('suppressed'),
        })),
        {
          reference: level === null ? null : level * 100,
          log: false,
          min: 0,
          title: caption,
          format: (v) => `${num(v)} %`,
        },
      ),
      h('figcaption', {}, caption),
      details(
        t('table'),
        table(
          caption,
          [t('area'), t('share'), t('ci'), t('respondents')],
          [...areas, ...(municipality ? [municipality] : [])].map((c) => [
            nameOf(c),
            c.suppressed ? t('suppressed') : pct(c.share),
            c.ci ? `${pct(c.ci.lower)} – ${pct(c.ci.upper)}` : '–',
            c.suppressed ? '–' : num(c.n),
          ]),
        ),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'vs-title' },
      h('h3', { id: 'vs-title' }, t('vsMunicipality')),
      table(
        t('vsMunicipality'),
        [t('area'), t('difference'), t('ci'), t('pValue'), t('qValue')],
        comparisons.map((c) => [
          names.get(c.areaId) ?? c.areaId,
          c.suppressed || c.difference === undefined ? t('suppressed') : num(c.difference * 100, 1),
          c.ci ? `${num(c.ci.lower * 100, 1)} – ${num(c.ci.upper * 100, 1)}` : '–',
          pValue(c.pValue),
          pValue(c.qValue),
        ]),
      ),
    ),
    all.note ? h('p', { class: 'note' }, all.note) : null,
  )
}
