import { get } from '../api.js'
import { type IntervalRow, intervalPlot } from '../charts/intervals.js'
import { PALETTE, timeChart } from '../charts/series.js'
import { badge, details, h, table } from '../dom.js'
import {
  categoryLabel,
  measureStatusLabel,
  num,
  pct,
  pValue,
  t,
  verdictLabel,
  wdqLabel,
} from '../i18n.js'
import { href, type Route, today } from '../router.js'
import type { Measure, MeasureEffect, RatioWithCi, Trend } from '../types.js'

/** The measure register: every measure with its status today and a link to its effect. */
export async function measuresView(route: Route): Promise<Node> {
  const asOf = route.params.get('asOf') || today()
  const { measures } = await get<{ measures: readonly Measure[] }>('/measures', { asOf })
  return h(
    'section',
    { class: 'view measures', 'aria-labelledby': 'measures-title' },
    h('h2', { id: 'measures-title' }, t('measureRegister')),
    table(
      t('measureRegister'),
      [
        t('measure'),
        t('type'),
        t('status'),
        t('places'),
        t('started'),
        t('completed'),
        t('verdict'),
      ],
      measures.map((m) => [
        h('a', { href: href('measure', m.measureId) }, m.title),
        m.type,
        m.status ? measureStatusLabel(m.status) : '–',
        m.placeIds.join(', '),
        m.startedOn ?? '–',
        m.completedOn ?? '–',
        m.verdict ?? '–',
      ]),
    ),
  )
}

/** Sums the per-period counts of several places' trends (they share the same buckets). */
function sumTrends(trends: readonly Trend[]): number[] {
  const sums: number[] = []
  for (const trend of trends) {
    trend.points.forEach((p, i) => {
      sums[i] = (sums[i] ?? 0) + p.count
    })
  }
  return sums
}

const ratioRow = (label: string, r: RatioWithCi | null | undefined): IntervalRow =>
  r
    ? { label, estimate: r.estimate, lower: r.ci.lower, upper: r.ci.upper }
    : { label, estimate: null, lower: null, upper: null, note: '–' }

/**
 * Did the measure work? Treated against control places per period, before and after, every
 * estimate with its interval, the verdict, the design's evidence level and every warning.
 */
export async function measureView(route: Route): Promise<Node> {
  const id = route.id ?? ''
  const effect = await get<MeasureEffect>(`/measures/${encodeURIComponent(id)}/effect`, {
    knownAt: route.params.get('knownAt'),
  })
  const m = effect.measure
  const w = effect.windows
  const controlIds = effect.controls.places.map((p) => p.placeId)
  const categories = m.targetCategories.join(',')
  const trendOf = (placeId: string) =>
    get<Trend>(`/places/${encodeURIComponent(placeId)}/trend`, {
      from: w?.before.from,
      to: w?.after.to,
      categories,
      knownAt: route.params.get('knownAt'),
    })
  const [treatedTrends, controlTrends] = w
    ? await Promise.all([
        Promise.all(effect.treated.placeIds.map(trendOf)),
        Promise.all(controlIds.map(trendOf)),
      ])
    : [[], []]
  const dates = treatedTrends[0]?.points.map((p) => p.start) ?? []
  const treatedSeries = sumTrends(treatedTrends)
  const controlSeries = sumTrends(controlTrends)

  // Each ratio once: the plot draws the first five, the table lists all six with p-values (RES
  // runs the other way, >1 = effect, so it stays out of the plot's scale).
  const estimates: readonly (readonly [string, RatioWithCi | null | undefined])[] = [
    [t('estPrimary', { estimator: effect.primary?.estimator ?? '–' }), effect.primary],
    [t('estTreated'), effect.treatedRateRatio],
    [t('estControls'), effect.controlRateRatio],
    [t('estPlacebo'), effect.preTrendPlacebo],
    [t('estIts'), effect.interruptedTimeSeries?.poisson],
  ]
  const rows: IntervalRow[] = estimates.map(([label, r]) => ratioRow(label, r))
  const estimateTable = table(
    t('estimates'),
    [t('method'), t('estimate'), t('ci'), t('pValue')],
    [...estimates, [t('estRes'), effect.relativeEffectSize] as const].map(([label, r]) => [
      label,
      num(r?.estimate, 2),
      r ? `${num(r.ci.lower, 2)} – ${num(r.ci.upper, 2)}` : '–',
      pValue(r?.pValue),
    ]),
  )
  const wdq = effect.displacement?.wdq
  const survey = effect.survey
  return h(
    'section',
    { class: 'view measure', 'aria-labelledby': 'measure-title' },
    h('h2', { id: 'measure-title' }, `${t('effectOf')}: ${m.title}`),
    h(
      'p',
      { class: 'meta' },
      `${m.type} · ${m.status ? measureStatusLabel(m.status) : ''} · ${t('places')}: `,
      m.placeIds.map((p, i) => [i > 0 ? ', ' : '', h('a', { href: href('place', p) }, p)]),
      ` · ${m.targetCategories.map(categoryLabel).join(', ')}`,
    ),
    h(
      'div',
      { class: 'verdict', id: 'verdict' },
      badge(effect.verdict, verdictLabel(effect.verdict)),
      h('p', {}, effect.verdictReason),
      h(
        'p',
        {},
        h('strong', {}, `${t('evidence')}: ${effect.smsLevel ?? '–'}. `),
        effect.smsReason,
      ),
      w
        ? h(
            'p',
            {},
            t('windowsLine', {
              bf: w.before.from,
              bt: w.before.to,
              bn: w.before.periods,
              af: w.after.from,
              at: w.after.to,
              an: w.after.periods,
            }),
          )
        : null,
    ),
    h(
      'figure',
      { id: 'effect-series' },
      h('h3', {}, t('beforeAfter')),
      dates.length > 0
        ? timeChart({
            dates,
            lines: [
              { label: t('treated'), values: treatedSeries, color: PALETTE[1] as string },
              {
                label: t('controls'),
                values: controlSeries,
                color: PALETTE[0] as string,
                dash: [6, 4],
              },
            ],
            markers: [
              ...(m.startedOn
                ? [{ date: m.startedOn, label: t('start'), kind: 'start' as const }]
                : []),
              ...(m.completedOn
                ? [{ date: m.completedOn, label: t('end'), kind: 'end' as const }]
                : []),
            ],
            yLabel: t('count'),
            xLabel: t('period'),
          })
        : null,
      h('figcaption', {}, t('seriesCaption')),
      table(
        t('beforeAfter'),
        ['', t('before'), t('after')],
        [
          [
            `${t('treated')} (${effect.treated.placeIds.join(', ')})`,
            num(effect.treated.before),
            num(effect.treated.after),
          ],
          [
            `${t('controls')} (${controlIds.join(', ')})`,
            num(effect.controls.before),
            num(effect.controls.after),
          ],
        ],
      ),
      details(
        t('table'),
        table(
          t('beforeAfter'),
          [t('period'), t('treated'), t('controls')],
          dates.map((d, i) => [d, num(treatedSeries[i]), num(controlSeries[i])]),
        ),
      ),
    ),
    h(
      'figure',
      { id: 'effect-estimates' },
      h('h3', {}, t('estimates')),
      intervalPlot(rows, {
        reference: 1,
        log: true,
        title: t('estimates'),
        format: (v) => num(v, 2),
      }),
      h('figcaption', {}, t('estimatesCaption')),
      estimateTable,
    ),
    h(
      'section',
      { 'aria-labelledby': 'displacement-title' },
      h('h3', { id: 'displacement-title' }, t('displacement')),
      h(
        'p',
        {},
        wdq
          ? t('wdq', { value: num(wdq.estimate, 2), interpretation: wdqLabel(wdq.interpretation) })
          : t('noDisplacement'),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'survey-title' },
      h('h3', { id: 'survey-title' }, t('survey')),
      h(
        'p',
        {},
        survey?.before && survey.after && survey.ci
          ? t('surveyLine', {
              by: survey.before.year,
              bs: pct(survey.before.share),
              bn: survey.before.n,
              ay: survey.after.year,
              as: pct(survey.after.share),
              an: survey.after.n,
              d: num((survey.difference ?? 0) * 100, 1),
              lo: num(survey.ci.lower * 100, 1),
              hi: num(survey.ci.upper * 100, 1),
              p: pValue(survey.pValue),
            })
          : survey?.suppressed
            ? t('suppressed')
            : t('noSurveyEffect'),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'warnings-title', id: 'warnings' },
      h('h3', { id: 'warnings-title' }, `${t('warnings')} (${effect.warnings.length})`),
      effect.warnings.length === 0
        ? h('p', {}, t('noWarnings'))
        : h(
            'ul',
            {},
            effect.warnings.map((warning) =>
              h('li', { class: 'warning' }, warning.message, h('code', {}, ` [${warning.code}]`)),
            ),
          ),
    ),
  )
}
