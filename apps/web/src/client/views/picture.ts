import { get } from '../api.js'
import { placeMap } from '../charts/map.js'
import { badge, details, h, table } from '../dom.js'
import { categoryLabel, dateTime, num, pValue, ruleBasisLabel, statusLabel, t } from '../i18n.js'
import { fromLocalInput, href, navigate, type Route, today, toLocalInput } from '../router.js'
import type { Alerts, Measure, PlacesGeoJson, SituationPicture } from '../types.js'

/** ↑, ↓ or → with the signed difference, and words for screen readers. */
function arrow(now: number, before: number) {
  const diff = now - before
  const symbol = diff > 0 ? '↑' : diff < 0 ? '↓' : '→'
  const kind = diff > 0 ? 'up' : diff < 0 ? 'down' : 'flat'
  return h(
    'span',
    { class: `change change-${kind}`, title: `${num(before)} → ${num(now)}` },
    h('span', { 'aria-hidden': 'true' }, symbol),
    ` ${diff > 0 ? '+' : ''}${num(diff)}`,
  )
}

const measureList = (measures: readonly Measure[], names: ReadonlyMap<string, string>) =>
  measures.length === 0
    ? h('p', {}, t('none'))
    : h(
        'ul',
        { class: 'measures' },
        measures.map((m) =>
          h(
            'li',
            {},
            h('a', { href: href('measure', m.measureId) }, m.title),
            ` (${m.placeIds.map((id) => names.get(id) ?? id).join(', ')}${m.startedOn ? `; ${t('start').toLowerCase()} ${m.startedOn}` : ''})`,
          ),
        ),
      )

/**
 * The situation picture for a date, as known at a moment: alerts first, the status per area, a
 * schematic map, hot spots with change arrows, active measures and every place × category cell.
 */
export async function pictureView(route: Route): Promise<Node> {
  const asOf = route.params.get('asOf') || today()
  const knownAt = route.params.get('knownAt')
  const area = route.params.get('area')
  const query = { asOf, knownAt, area }
  const [picture, geo, alerts] = await Promise.all([
    get<SituationPicture>('/situation-picture', query),
    get<PlacesGeoJson>('/places.geojson', query),
    get<Alerts>('/alerts', query),
  ])
  const names = new Map<string, string>([
    ...geo.features.map((f) => [f.properties.placeId, f.properties.name] as const),
    ...picture.places.map((p) => [p.placeId, p.name] as const),
  ])
  const areaOptions = geo.features.filter((f) => f.properties.level === 'area')

  const form = h(
    'form',
    { class: 'controls', id: 'picture-form' },
    h(
      'label',
      {},
      t('asOf'),
      h('input', { type: 'date', name: 'asOf', value: asOf, required: true }),
    ),
    h(
      'label',
      {},
      t('knownAt'),
      h('input', { type: 'datetime-local', name: 'knownAt', value: toLocalInput(knownAt) }),
    ),
    h(
      'label',
      {},
      t('area'),
      h(
        'select',
        { name: 'area' },
        h('option', { value: '' }, t('allAreas')),
        areaOptions.map((f) =>
          h(
            'option',
            { value: f.properties.placeId, selected: f.properties.placeId === area },
            f.properties.name,
          ),
        ),
      ),
    ),
    h('button', { type: 'submit' }, t('show')),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const data = new FormData(form)
    navigate(
      href('picture', undefined, {
        asOf: String(data.get('asOf') ?? ''),
        knownAt: fromLocalInput(String(data.get('knownAt') ?? '')),
        area: String(data.get('area') ?? ''),
      }),
    )
  })

  // Change against the previous period per place: the cells carry each category's previous count
  // (zero cells included), so their sum is the place's previous count.
  const previousByPlace = new Map<string, number>()
  for (const cell of picture.cells) {
    previousByPlace.set(
      cell.placeId,
      (previousByPlace.get(cell.placeId) ?? 0) + cell.previous.count,
    )
  }
  const placeById = new Map(picture.places.map((p) => [p.placeId, p]))
  const hotTable = (caption: string, ids: readonly string[], id: string) =>
    h(
      'div',
      { class: 'hot', id },
      table(
        caption,
        [t('place'), t('count'), t('change'), t('harm'), t('excess'), t('status')],
        ids.flatMap((placeId) => {
          const p = placeById.get(placeId)
          if (!p) return []
          return [
            [
              h('a', { href: href('place', placeId, { to: asOf }) }, p.name),
              num(p.count),
              arrow(p.count, previousByPlace.get(placeId) ?? 0),
              num(p.harm),
              `${p.baseline.excess > 0 ? '+' : ''}${num(p.baseline.excess, 1)}${p.baseline.z === null ? '' : ` (z ${num(p.baseline.z, 1)})`}`,
              badge(p.status, statusLabel(p.status)),
            ],
          ]
        }),
      ),
    )

  const rule = picture.statusRule
  const late = picture.late
  const alertList = alerts.alerts
  return h(
    'section',
    { class: 'view picture', 'aria-labelledby': 'picture-title' },
    h('h2', { id: 'picture-title' }, t('navPicture')),
    form,
    h(
      'p',
      { class: 'meta' },
      h('strong', {}, `${t('period')}: ${picture.period.start} – ${picture.period.end}. `),
      `${t('knownAtUsed')}: ${dateTime(picture.knownAt)}. `,
      late.includedAfterPeriodEnd > 0
        ? `${t('lateChanged', { n: late.includedAfterPeriodEnd })} `
        : '',
      late.recordedAfterKnownAt > 0 ? t('lateExcluded', { n: late.recordedAfterKnownAt }) : '',
    ),
    h(
      'p',
      { class: 'totals', id: 'totals' },
      `${t('totals')}: ${t('count').toLowerCase()} ${num(picture.totals.count)}, ${t('harm').toLowerCase()} ${num(picture.totals.harm)}.`,
    ),
    picture.totals.count === 0 ? h('p', { class: 'empty' }, t('emptyPicture')) : null,
    h(
      'section',
      { class: 'alerts', 'aria-labelledby': 'alerts-title', id: 'alerts' },
      h('h3', { id: 'alerts-title' }, `${t('alerts')} (${alertList.length})`),
      alertList.length === 0
        ? h('p', {}, t('noAlerts'))
        : h(
            'ul',
            {},
            alertList.map((a) =>
              h(
                'li',
                { class: 'alert' },
                h(
                  'a',
                  { href: href('place', a.placeId, { to: asOf, categories: a.category }) },
                  names.get(a.placeId) ?? a.placeId,
                ),
                `: ${t('alertLine', { category: categoryLabel(a.category), observed: num(a.observed), expected: num(a.expected, 1), q: pValue(a.qValue) })}`,
              ),
            ),
          ),
    ),
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { 'aria-labelledby': 'areas-title', id: 'areas' },
        h('h3', { id: 'areas-title' }, t('areaStatus')),
        table(
          t('areaStatus'),
          [t('area'), t('count'), t('harm'), t('score'), t('status')],
          picture.areas.map((a) => [
            h('a', { href: href('place', a.areaId, { to: asOf, scope: 'area' }) }, a.name),
            num(a.count),
            num(a.harm),
            num(a.statusScore),
            badge(a.status, statusLabel(a.status)),
          ]),
        ),
        h(
          'p',
          { class: 'rule' },
          t('statusRule', {
            basis: ruleBasisLabel(rule.basis),
            days: rule.windowDays,
            levels: rule.levels
              .map((l) => `${statusLabel(l.status)} ≥ ${num(l.minScore)}`)
              .join(', '),
          }),
        ),
      ),
      h(
        'div',
        {},
        h(
          'section',
          { 'aria-labelledby': 'active-title', id: 'active-measures' },
          h('h3', { id: 'active-title' }, t('activeMeasures')),
          measureList(picture.measures.active, names),
        ),
        h(
          'section',
          { 'aria-labelledby': 'awaiting-title' },
          h('h3', { id: 'awaiting-title' }, t('awaitingEvaluation')),
          measureList(picture.measures.awaitingEvaluation, names),
        ),
      ),
    ),
    h(
      'figure',
      { class: 'map-figure', id: 'map' },
      placeMap(geo.features, t('map'), statusLabel, (placeId) =>
        href('place', placeId, { to: asOf, knownAt }),
      ),
      h('figcaption', {}, t('mapCaption')),
    ),
    h(
      'section',
      { 'aria-labelledby': 'hot-title', id: 'hot-spots' },
      h('h3', { id: 'hot-title' }, t('hotSpots')),
      h(
        'div',
        { class: 'stack' },
        hotTable(t('byCount'), picture.hotSpots.byCount, 'hot-by-count'),
        hotTable(t('byHarm'), picture.hotSpots.byHarm, 'hot-by-harm'),
        hotTable(t('byExcess'), picture.hotSpots.byExcess, 'hot-by-excess'),
      ),
    ),
    policeSection(picture, names, asOf),
    details(
      t('cells'),
      table(
        t('cells'),
        [
          t('place'),
          t('category'),
          t('count'),
          t('reports'),
          t('harm'),
          t('previous'),
          t('yearAgo'),
          t('baseline'),
          t('organisations'),
        ],
        picture.cells
          .filter((c) => c.count > 0)
          .map((c) => [
            names.get(c.placeId) ?? c.placeId,
            categoryLabel(c.category),
            num(c.count),
            num(c.reports),
            num(c.harm),
            num(c.previous.count),
            num(c.yearAgo.count),
            `${num(c.baseline.mean, 1)} ± ${num(c.baseline.sd, 1)}`,
            c.organisations.join(', '),
          ]),
      ),
    ),
  )
}

/** The police events feed's observations of the period, labelled as the police's, not the partners'. */
function policeSection(
  picture: SituationPicture,
  names: ReadonlyMap<string, string>,
  asOf: string,
): Node | null {
  const events = picture.policeEvents
  if (!events || events.total === 0) return null
  return h(
    'section',
    { 'aria-labelledby': 'police-title', id: 'police-events' },
    h('h3', { id: 'police-title' }, `${t('policeEvents')} (${events.total})`),
    h('p', { class: 'note' }, t('policeEventsNote')),
    table(
      t('policeEvents'),
      [t('date'), t('place'), t('category'), t('count')],
      events.observations.map((o) => [
        o.occurredOn,
        h('a', { href: href('place', o.placeId, { to: asOf }) }, names.get(o.placeId) ?? o.placeId),
        categoryLabel(o.category),
        num(o.count),
      ]),
    ),
    events.total > events.observations.length
      ? h('p', {}, t('policeEventsMore', { n: events.total - events.observations.length }))
      : null,
  )
}
