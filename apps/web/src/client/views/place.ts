import { get } from '../api.js'
import { ciChart, type Marker, PALETTE, timeChart } from '../charts/series.js'
import { details, h, table } from '../dom.js'
import {
  categoryCodes,
  categoryLabel,
  measureStatusLabel,
  num,
  pct,
  sourceLabel,
  t,
} from '../i18n.js'
import { addYears, href, navigate, type Route, today } from '../router.js'
import type { Insecurity, Measure, OfficialStatistics, PlacesGeoJson, Trend } from '../types.js'

const BUCKETS = ['period', 'month', 'quarter', 'year'] as const
const bucketLabel = (bucket: string): string =>
  t(
    bucket === 'month'
      ? 'bucketMonth'
      : bucket === 'quarter'
        ? 'bucketQuarter'
        : bucket === 'year'
          ? 'bucketYear'
          : 'bucketPeriod',
  )

/**
 * A place's (or an area's) trend: observations per bucket with measure starts and ends on the
 * time axis, and the area's survey insecurity per year with CI bars on a second panel.
 */
export async function placeView(route: Route): Promise<Node> {
  const id = route.id ?? ''
  const to = route.params.get('to') || today()
  const from = route.params.get('from') || addYears(to, -3)
  const bucket = BUCKETS.find((b) => b === route.params.get('bucket')) ?? 'period'
  const categories = (route.params.get('categories') ?? '').split(',').filter(Boolean)
  const knownAt = route.params.get('knownAt')
  const [geo, trend, register, official] = await Promise.all([
    get<PlacesGeoJson>('/places.geojson', { asOf: to, knownAt }),
    get<Trend>(`/places/${encodeURIComponent(id)}/trend`, {
      from,
      to,
      bucket,
      categories: categories.join(','),
      knownAt,
      scope: route.params.get('scope'),
    }),
    get<{ measures: readonly Measure[] }>('/measures', { place: id, asOf: to, knownAt }),
    get<OfficialStatistics>('/official-statistics', { area: id, knownAt }),
  ])
  const feature = geo.features.find((f) => f.properties.placeId === id)
  const name = feature?.properties.name ?? id
  const level = feature?.properties.level
  const isArea =
    route.params.get('scope') === 'area' || level === 'area' || level === 'municipality'
  const areaId = isArea ? id : feature?.properties.parentId
  const areaName = geo.features.find((f) => f.properties.placeId === areaId)?.properties.name
  const insecurity = areaId ? await get<Insecurity>('/insecurity', { area: areaId }) : null
  const measures = register.measures

  const dates = trend.points.map((p) => p.start)
  // The police series (events feed, crime deliveries) are drawn as their own dashed lines
  // beside the partners' reports whenever the range holds any: shown together, never summed.
  const policeSources = (['police-events', 'police-crimes'] as const).filter((source) =>
    trend.points.some((p) => (p.bySource?.[source] ?? 0) > 0),
  )
  const lines =
    categories.length > 0
      ? categories.map((code, i) => ({
          label: categoryLabel(code),
          values: trend.points.map((p) => p.byCategory?.[code] ?? 0),
          color: PALETTE[(i + 1) % PALETTE.length] as string,
        }))
      : policeSources.length > 0
        ? [
            {
              label: sourceLabel('partners'),
              values: trend.points.map((p) => p.bySource?.partners ?? 0),
              color: PALETTE[0] as string,
            },
            ...policeSources.map((source, i) => ({
              label: sourceLabel(source),
              values: trend.points.map((p) => p.bySource?.[source] ?? 0),
              color: PALETTE[i + 1] as string,
              dash: [6, 4],
              // Police series run at other magnitudes than the partners' reports: own axis.
              rightAxis: true,
            })),
          ]
        : [
            {
              label: t('allCategories'),
              values: trend.points.map((p) => p.count),
              color: PALETTE[0] as string,
            },
          ]
  const markers: Marker[] = measures.flatMap((m) => [
    ...(m.startedOn ? [{ date: m.startedOn, label: m.title, kind: 'start' as const }] : []),
    ...(m.completedOn ? [{ date: m.completedOn, label: '', kind: 'end' as const }] : []),
  ])

  const form = h(
    'form',
    { class: 'controls', id: 'trend-form' },
    h(
      'label',
      {},
      t('from'),
      h('input', { type: 'date', name: 'from', value: from, required: true }),
    ),
    h('label', {}, t('to'), h('input', { type: 'date', name: 'to', value: to, required: true })),
    h(
      'label',
      {},
      t('bucket'),
      h(
        'select',
        { name: 'bucket' },
        BUCKETS.map((b) => h('option', { value: b, selected: b === bucket }, bucketLabel(b))),
      ),
    ),
    h(
      'fieldset',
      { class: 'categories' },
      h('legend', {}, t('categories')),
      categoryCodes().map((code) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            name: 'categories',
            value: code,
            checked: categories.includes(code),
          }),
          categoryLabel(code),
        ),
      ),
    ),
    h('button', { type: 'submit' }, t('show')),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const data = new FormData(form)
    navigate(
      href('place', id, {
        from: String(data.get('from') ?? ''),
        to: String(data.get('to') ?? ''),
        bucket: String(data.get('bucket') ?? ''),
        categories: data.getAll('categories').map(String).join(','),
        scope: route.params.get('scope'),
        knownAt,
      }),
    )
  })

  const surveyCells = (insecurity?.cells ?? [])
    .filter((c) => c.areaId === areaId && !c.placeId)
    .sort((a, b) => a.year - b.year)

  return h(
    'section',
    { class: 'view place', 'aria-labelledby': 'place-title' },
    h('h2', { id: 'place-title' }, `${t('trend')}: ${name}`),
    form,
    h(
      'figure',
      { id: 'trend-chart' },
      timeChart({
        dates,
        lines,
        markers,
        yLabel: t('count'),
        xLabel: t('period'),
        rightLabel: `${t('count')} (${t('policeAxis')})`,
      }),
      h(
        'figcaption',
        {},
        t('trendCaption', { bucket: bucketLabel(bucket).toLowerCase(), place: name }),
      ),
      details(
        t('table'),
        table(
          `${t('trend')}: ${name}`,
          [t('period'), ...lines.map((l) => l.label)],
          trend.points.map((p, i) => [
            `${p.start} – ${p.end}`,
            ...lines.map((l) => num(l.values[i])),
          ]),
        ),
      ),
    ),
    h(
      'figure',
      { id: 'insecurity-chart' },
      h('h3', {}, t('insecurityPanel', { area: areaName ?? areaId ?? '–' })),
      surveyCells.length === 0
        ? h('p', {}, t('noSurvey'))
        : ciChart({
            points: surveyCells.map((c) => ({
              year: c.year,
              value: c.suppressed || c.share === undefined ? null : c.share * 100,
              lower: c.ci ? c.ci.lower * 100 : null,
              upper: c.ci ? c.ci.upper * 100 : null,
            })),
            label: t('share'),
            yLabel: '%',
          }),
      h('figcaption', {}, t('insecurityCaption')),
      details(
        t('table'),
        table(
          t('insecurityPanel', { area: areaName ?? areaId ?? '–' }),
          [t('year'), t('share'), t('ci'), t('respondents')],
          surveyCells.map((c) =>
            c.suppressed
              ? [String(c.year), t('suppressed'), '–', '–']
              : [
                  String(c.year),
                  pct(c.share),
                  c.ci ? `${pct(c.ci.lower)} – ${pct(c.ci.upper)}` : '–',
                  num(c.n),
                ],
          ),
        ),
      ),
    ),
    officialPanel(official),
    h(
      'section',
      { 'aria-labelledby': 'place-measures' },
      h('h3', { id: 'place-measures' }, t('measuresHere')),
      measures.length === 0
        ? h('p', {}, t('none'))
        : table(
            t('measuresHere'),
            [t('measure'), t('status'), t('started'), t('completed')],
            measures.map((m) => [
              h('a', { href: href('measure', m.measureId) }, m.title),
              m.status ? measureStatusLabel(m.status) : '–',
              m.startedOn ?? '–',
              m.completedOn ?? '–',
            ]),
          ),
    ),
  )
}

/**
 * Official figures for the place (Brå's reported crimes, the police delivery's totals), one
 * column per statistic and publisher, labelled as official: never added to the chart's counts.
 */
function officialPanel(official: OfficialStatistics): Node | null {
  if (official.figures.length === 0) return null
  const columns = [
    ...new Map(
      official.figures.map((f) => [`${f.publisher}|${f.statisticId}`, f] as const),
    ).values(),
  ]
  const years = [...new Set(official.figures.map((f) => f.year))].sort((a, b) => a - b)
  const value = (year: number, column: (typeof columns)[number]) => {
    const f = official.figures.find(
      (x) =>
        x.year === year && x.publisher === column.publisher && x.statisticId === column.statisticId,
    )
    if (!f) return '–'
    return f.ratePer100k === null
      ? num(f.count)
      : `${num(f.count)} (${num(f.ratePer100k)} ${t('per100k')})`
  }
  return h(
    'section',
    { 'aria-labelledby': 'official-title', id: 'official' },
    h('h3', { id: 'official-title' }, t('officialTitle')),
    h('p', { class: 'note' }, t('officialNote')),
    details(
      t('table'),
      table(
        t('officialTitle'),
        [t('year'), ...columns.map((c) => `${c.label} (${c.publisher})`)],
        years.map((year) => [String(year), ...columns.map((c) => value(year, c))]),
      ),
    ),
  )
}
