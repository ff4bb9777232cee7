import type { MeasureSummary, PlacePicture, SituationPicture } from '@lagesbild/projections'

type StatusColour = PlacePicture['status']

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @param value any text; place names, titles and ids are user input
 * @example escapeHtml('<script>') // '&lt;script&gt;'
 */
export const escapeHtml = (value: string | number): string =>
  String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)

const STATUS_LABEL: Readonly<Record<StatusColour, string>> = {
  green: 'grön',
  yellow: 'gul',
  orange: 'orange',
  red: 'röd',
}

const number = (x: number): string =>
  Number.isInteger(x) ? String(x) : x.toFixed(1).replace('.', ',')

/** ▲ for a rise, ▼ for a fall, with a sign a reader without colour can still follow. */
const changeCell = (difference: number): string => {
  if (difference > 0) return `<span class="up">▲ +${number(difference)}</span>`
  if (difference < 0) return `<span class="down">▼ −${number(-difference)}</span>`
  return '<span class="flat">± 0</span>'
}

const statusCell = (status: StatusColour): string =>
  `<span class="status ${escapeHtml(status)}">${escapeHtml(STATUS_LABEL[status] ?? status)}</span>`

const instant = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`

const STYLE = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:11pt;color:#111;margin:0 auto;max-width:190mm;padding:8mm}
h1{font-size:18pt;margin:0 0 2mm}
h2{font-size:12pt;margin:5mm 0 1.5mm;border-bottom:1px solid #999;padding-bottom:0.5mm}
dl.meta{display:grid;grid-template-columns:auto 1fr auto 1fr;gap:0.5mm 4mm;margin:0 0 2mm}
dl.meta dt{font-weight:600}
dl.meta dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:10pt}
th,td{border-bottom:1px solid #ddd;padding:1mm 1.5mm;text-align:left;vertical-align:top}
th{background:#f2f2f2}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.up{color:#a40000}
.down{color:#006400}
.flat{color:#555}
.status{display:inline-block;min-width:14mm;text-align:center;border-radius:2mm;padding:0 1.5mm;border:1px solid #555}
.status.green{background:#c8e6c9}
.status.yellow{background:#fff59d}
.status.orange{background:#ffcc80}
.status.red{background:#ef9a9a}
p.empty,p.note{color:#555;margin:1mm 0;font-size:10pt}
@page{size:A4 portrait;margin:12mm}
@media print{
body{padding:0;max-width:none;font-size:9.5pt}
table{font-size:8.5pt}
h2{break-after:avoid}
tr,section{break-inside:avoid}
th,.status{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`

const table = (head: readonly string[], rows: readonly string[][], numeric: ReadonlySet<number>) =>
  `<table><thead><tr>${head
    .map((h, i) => `<th${numeric.has(i) ? ' class="n"' : ''}>${escapeHtml(h)}</th>`)
    .join('')}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((cell, i) => `<td${numeric.has(i) ? ' class="n"' : ''}>${cell}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`

const section = (title: string, body: string): string =>
  `<section><h2>${escapeHtml(title)}</h2>${body}</section>`

const empty = (text: string): string => `<p class="empty">${escapeHtml(text)}</p>`

/**
 * The situation picture as a printable one-page meeting brief: self-contained HTML (inline CSS,
 * no scripts, no external assets) with Swedish labels, laid out for A4. Every value from the
 * picture is escaped.
 *
 * @param picture from `situationPicture`
 * @example await writeFile('lagesbild.html', pictureHtml(picture))
 */
export function pictureHtml(picture: SituationPicture): string {
  const placeById = new Map(picture.places.map((p) => [p.placeId, p]))
  // Areas without a count of their own are not among the picture's places, but name the parent
  // column of every hot spot.
  const areaNames = new Map(picture.areas.map((a) => [a.areaId, a.name]))
  const nameOf = (id: string): string => placeById.get(id)?.name ?? areaNames.get(id) ?? id
  // A place's count in the previous period is the sum over its cells: every cell with a count in
  // either period is in the picture, so none is missing from the sum.
  const previous = new Map<string, number>()
  for (const cell of picture.cells) {
    previous.set(cell.placeId, (previous.get(cell.placeId) ?? 0) + cell.previous.count)
  }

  const hotSpots = picture.hotSpots.byCount.flatMap((id) => {
    const p = placeById.get(id)
    if (!p) return []
    const before = previous.get(id) ?? 0
    return [
      [
        escapeHtml(nameOf(id)),
        escapeHtml(p.parentId === null ? '' : nameOf(p.parentId)),
        escapeHtml(number(p.count)),
        escapeHtml(number(before)),
        changeCell(p.count - before),
        escapeHtml(number(p.harm)),
        statusCell(p.status),
      ],
    ]
  })

  const areas = picture.areas.map((a) => [
    escapeHtml(a.name),
    escapeHtml(number(a.count)),
    escapeHtml(number(a.harm)),
    statusCell(a.status),
  ])

  const places = (m: MeasureSummary): string => escapeHtml(m.placeIds.map(nameOf).join(', '))
  const active = picture.measures.active.map((m) => [
    escapeHtml(m.title),
    escapeHtml(m.type),
    escapeHtml(m.ownerOrganisationId),
    places(m),
    escapeHtml(m.startedOn ?? ''),
  ])
  const awaiting = picture.measures.awaitingEvaluation.map((m) => [
    escapeHtml(m.title),
    escapeHtml(m.ownerOrganisationId),
    places(m),
    escapeHtml(m.completedOn ?? ''),
  ])

  const period = `${picture.period.start} – ${picture.period.end}`
  const previousPeriod = `${picture.previousPeriod.start} – ${picture.previousPeriod.end}`
  const late = picture.late.recordedAfterKnownAt
  const meta: [string, string][] = [
    ['Kommun/tenant', picture.tenantId],
    ['Period', period],
    ['Avser datum', picture.asOf],
    ['Kunskapsläge', instant(picture.knownAt)],
    ...(picture.area === null ? [] : ([['Område', nameOf(picture.area)]] as [string, string][])),
    ['Händelser', number(picture.totals.count)],
  ]

  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Lägesbild ${picture.tenantId} ${period}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Lägesbild – ${escapeHtml(picture.tenantId)}</h1>
<dl class="meta">${meta.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${late > 0 ? `<p class="note">${escapeHtml(`${late} händelse(r) registrerade efter kunskapsläget ingår inte.`)}</p>` : ''}
</header>
${section(
  'Brännpunkter',
  `<p class="note">${escapeHtml(`Flest händelser i perioden, jämfört med föregående period (${previousPeriod}).`)}</p>${
    hotSpots.length > 0
      ? table(
          ['Plats', 'Område', 'Antal', 'Föreg. period', 'Förändring', 'Skadevärde', 'Status'],
          hotSpots,
          new Set([2, 3, 4, 5]),
        )
      : empty('Inga händelser i perioden.')
  }`,
)}
${section(
  'Status per område',
  areas.length > 0
    ? table(['Område', 'Antal', 'Skadevärde', 'Status'], areas, new Set([1, 2]))
    : empty('Inga områden registrerade.'),
)}
${section(
  'Pågående åtgärder',
  active.length > 0
    ? table(['Åtgärd', 'Typ', 'Ansvarig', 'Platser', 'Startad'], active, new Set())
    : empty('Inga pågående åtgärder.'),
)}
${section(
  'Åtgärder som väntar på utvärdering',
  awaiting.length > 0
    ? table(['Åtgärd', 'Ansvarig', 'Platser', 'Avslutad'], awaiting, new Set())
    : empty('Inga åtgärder väntar på utvärdering.'),
)}
</body>
</html>
`
}
