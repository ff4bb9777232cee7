import type {
  GeoPoint,
  OrganisationKind,
  PlaceKind,
  PlaceLevel,
  SurveyArea,
} from '@lagesbild/domain'

/** A place of the demo municipality, as it is registered. */
export type DemoPlace = {
  readonly placeId: string
  readonly name: string
  readonly level: PlaceLevel
  readonly kind: PlaceKind
  readonly parentId: string | null
  readonly point: GeoPoint
  readonly neighbours?: readonly string[]
  readonly bufferOf?: readonly string[]
  readonly description?: string
}

/** A partner organisation of the demo collaboration. */
export type DemoOrganisation = {
  readonly organisationId: string
  readonly name: string
  readonly kind: OrganisationKind
  readonly parentId?: string
}

export const MUNICIPALITY_ID = 'mjolby-demo'

const p = (
  placeId: string,
  name: string,
  level: PlaceLevel,
  kind: PlaceKind,
  parentId: string | null,
  lat: number,
  lon: number,
  extra: Partial<Pick<DemoPlace, 'neighbours' | 'bufferOf' | 'description'>> = {},
): DemoPlace =>
  Object.freeze({ placeId, name, level, kind, parentId, point: { lat, lon }, ...extra })

/**
 * The demo town: a Mjölby-sized town (about 14,000 inhabitants in the town, 28,000 in the
 * municipality) around 58.32 N 15.13 E. The names echo Mjölby's public ESM account (the travel
 * centre, Gästisparken, the mall, secondary-school yards) but every figure generated for them is
 * invented.
 */
export const DEMO_PLACES: readonly DemoPlace[] = Object.freeze([
  p('mjolby-demo', 'Mjölby (demo)', 'municipality', 'municipality', null, 58.3236, 15.1289, {
    description: 'Fiktiv demokommun i Mjölbys storlek. Alla data är påhittade.',
  }),
  // Areas (districts): survey results are published per area.
  p('centrum', 'Centrum', 'area', 'district', MUNICIPALITY_ID, 58.3236, 15.1289, {
    neighbours: ['norrby', 'hagalund', 'lundby'],
  }),
  p('norrby', 'Norrby', 'area', 'district', MUNICIPALITY_ID, 58.3318, 15.1262, {
    neighbours: ['centrum', 'vifolka'],
  }),
  p('hagalund', 'Hagalund', 'area', 'district', MUNICIPALITY_ID, 58.3189, 15.1165, {
    neighbours: ['centrum', 'lundby'],
  }),
  p('vifolka', 'Vifolka', 'area', 'district', MUNICIPALITY_ID, 58.3301, 15.1427, {
    neighbours: ['norrby', 'centrum'],
  }),
  p('lundby', 'Lundby', 'area', 'district', MUNICIPALITY_ID, 58.3152, 15.1381, {
    neighbours: ['centrum', 'hagalund'],
  }),
  // Centrum
  p('resecentrum', 'Resecentrum', 'place', 'travel-centre', 'centrum', 58.3262, 15.1251, {
    neighbours: ['stora-torget', 'norrby-torg'],
    description: 'Tåg- och bussterminal med väntsal, cykelparkering och gångtunnel.',
  }),
  p('gastisparken', 'Gästisparken', 'place', 'park', 'centrum', 58.3229, 15.1302, {
    neighbours: ['stora-torget', 'kungshogaskolan-skolgard'],
    description: 'Central park med lekplats, scen och gångstråk längs Svartån.',
  }),
  p('gallerian', 'Gallerian', 'place', 'mall', 'centrum', 58.3241, 15.1274, {
    neighbours: ['stora-torget'],
    description: 'Köpcentrum med bibliotek och parkeringsgarage.',
  }),
  p('stora-torget', 'Stora torget', 'place', 'square', 'centrum', 58.3237, 15.1285, {
    neighbours: ['gallerian', 'gastisparken', 'resecentrum'],
  }),
  p(
    'kungshogaskolan-skolgard',
    'Kungshögaskolans skolgård',
    'place',
    'school-yard',
    'centrum',
    58.3214,
    15.1331,
  ),
  // Norrby: the neighbourhood across the railway from the travel centre.
  p('norrby-torg', 'Norrby torg', 'place', 'square', 'norrby', 58.3309, 15.1248, {
    neighbours: ['resecentrum', 'kv-falken'],
    bufferOf: ['resecentrum'],
    description: 'Lokalt torg med livsmedelsbutik och busshållplats, 600 m från resecentrum.',
  }),
  p('kv-falken', 'Kv. Falken (Bostadsbolaget)', 'place', 'stairwell', 'norrby', 58.3322, 15.1239),
  p('kv-larkan', 'Kv. Lärkan (Bostadsbolaget)', 'place', 'stairwell', 'norrby', 58.3331, 15.1281),
  // Hagalund
  p('svartaparken', 'Svartåparken', 'place', 'park', 'hagalund', 58.3181, 15.1192, {
    description: 'Park längs Svartån med gångväg och utegym.',
  }),
  p(
    'vastra-skolan-skolgard',
    'Västra skolans skolgård',
    'place',
    'school-yard',
    'hagalund',
    58.3197,
    15.1141,
  ),
  p('kv-svalan', 'Kv. Svalan (Bostadsbolaget)', 'place', 'stairwell', 'hagalund', 58.3172, 15.1153),
  // Vifolka
  p(
    'vifolka-fritidsgard',
    'Fritidsgården Vifolka',
    'place',
    'youth-centre',
    'vifolka',
    58.3296,
    15.1419,
  ),
  p('vifolkavallen', 'Vifolkavallen', 'place', 'sports-ground', 'vifolka', 58.3312, 15.1451),
  p('kv-tranan', 'Kv. Tranan (Bostadsbolaget)', 'place', 'stairwell', 'vifolka', 58.3288, 15.1402),
  p(
    'gc-vagen-vifolka',
    'Gång- och cykelvägen Vifolka–Centrum',
    'place',
    'street',
    'vifolka',
    58.3275,
    15.1361,
  ),
  // Lundby
  p('lundby-centrum', 'Lundby centrum', 'place', 'square', 'lundby', 58.3149, 15.1372),
  p(
    'egebyskolan-skolgard',
    'Egebyskolans skolgård',
    'place',
    'school-yard',
    'lundby',
    58.3138,
    15.1404,
  ),
  p('kv-duvan', 'Kv. Duvan (Bostadsbolaget)', 'place', 'stairwell', 'lundby', 58.3161, 15.1357),
])

/** The survey areas: every area-level place. */
export const DEMO_AREAS: readonly DemoPlace[] = DEMO_PLACES.filter((x) => x.level === 'area')

export const surveyAreaOf = (area: DemoPlace): SurveyArea => ({
  placeId: area.placeId,
  label: area.name,
})

/** Partners of the collaboration; reporting functions as in DOMAIN.md. */
export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = Object.freeze([
  { organisationId: 'municipality', name: 'Mjölby kommun (demo)', kind: 'municipality' },
  {
    organisationId: 'culture-leisure',
    name: 'Kultur- och fritidsförvaltningen',
    kind: 'municipal-function',
    parentId: 'municipality',
  },
  {
    organisationId: 'service-technology',
    name: 'Service- och teknikförvaltningen',
    kind: 'municipal-function',
    parentId: 'municipality',
  },
  {
    organisationId: 'education',
    name: 'Utbildningsförvaltningen',
    kind: 'municipal-function',
    parentId: 'municipality',
  },
  {
    organisationId: 'social-services',
    name: 'Socialförvaltningen (fältgruppen)',
    kind: 'municipal-function',
    parentId: 'municipality',
  },
  {
    organisationId: 'rescue-services',
    name: 'Räddningstjänsten',
    kind: 'rescue-service',
    parentId: 'municipality',
  },
  { organisationId: 'housing-company', name: 'Bostadsbolaget (demo)', kind: 'housing-company' },
  { organisationId: 'police', name: 'Polisen, lokalpolisområde Mjölby', kind: 'police' },
] satisfies DemoOrganisation[])
