import type { CategoryCode, ObservationKind } from '@lagesbild/domain'

/** Where one police event type lands in the tenant's catalogue; null leaves the type out. */
export type PoliceTypeTarget = {
  readonly categoryCode: CategoryCode
  /** Default: the category's kind in the catalogue. */
  readonly kind?: ObservationKind
} | null

/** Police event type (exactly as the feed writes it) → catalogue category. */
export type PoliceTypeMapping = Readonly<Record<string, PoliceTypeTarget>>

/**
 * The default mapping onto the default catalogue, for the types with a clear counterpart.
 * Everything else (traffic accidents, fires, missing persons, fraud, `Sammanfattning …`) is left
 * out on purpose: the catalogue is about places and situations, and a fire or an accident says
 * nothing about either. Tenants extend it with their own entries (docs/public-sources.md).
 */
export const DEFAULT_POLICE_TYPE_MAPPING: PoliceTypeMapping = Object.freeze({
  Misshandel: { categoryCode: 'assault' },
  'Misshandel, grov': { categoryCode: 'assault' },
  Rån: { categoryCode: 'robbery' },
  'Rån, försök': { categoryCode: 'robbery' },
  'Rån övrigt': { categoryCode: 'robbery' },
  'Rån väpnat': { categoryCode: 'robbery' },
  'Olaga hot': { categoryCode: 'threats' },
  Bombhot: { categoryCode: 'threats' },
  'Våld/hot mot tjänsteman': { categoryCode: 'staff-incident' },
  Skadegörelse: { categoryCode: 'vandalism' },
  Mordbrand: { categoryCode: 'arson' },
  Inbrott: { categoryCode: 'burglary' },
  'Inbrott, försök': { categoryCode: 'burglary' },
  'Stöld/inbrott': { categoryCode: 'burglary' },
  Narkotikabrott: { categoryCode: 'suspected-drug-activity' },
})
