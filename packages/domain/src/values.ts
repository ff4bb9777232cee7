import { z } from 'zod'

/** A calendar date `YYYY-MM-DD`. Dates stay strings everywhere: a JS Date drags a time zone along. */
export const LocalDate = z.iso.date().meta({ id: 'LocalDate' })
export type LocalDate = z.infer<typeof LocalDate>

/** An instant with an explicit offset, e.g. `2024-03-01T09:15:00+01:00` or `…Z`. */
export const Instant = z.iso.datetime({ offset: true }).meta({ id: 'Instant' })
export type Instant = z.infer<typeof Instant>

/** A time of day `HH:MM` (24 h, local time of the municipality). */
export const TimeOfDay = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM')
  .meta({ id: 'TimeOfDay' })
export type TimeOfDay = z.infer<typeof TimeOfDay>

/** A tenant (municipality) slug such as `demo` or `mjolby`. */
export const TenantId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a lower-case kebab-case slug')
  .max(63)
  .meta({ id: 'TenantId' })
export type TenantId = z.infer<typeof TenantId>

/**
 * Identifier of a place, organisation, report, measure, problem, observation or survey wave.
 * Either a uuid or a readable slug (`resecentrum`, `police-mjolby`): seeded data and importers
 * use slugs, the API generates uuids. No spaces so that `report-<id>` stays a clean stream id.
 */
export const EntityId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'expected letters, digits, ".", "_", ":" or "-"')
  .meta({ id: 'EntityId' })
export type EntityId = z.infer<typeof EntityId>

/** A category code from the tenant's catalogue, English kebab-case (`open-drug-dealing`). */
export const CategoryCode = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a lower-case kebab-case code')
  .max(63)
  .meta({ id: 'CategoryCode' })
export type CategoryCode = z.infer<typeof CategoryCode>

/** Free text written by a person. Screened for personal identity numbers by every decider. */
export const FreeText = z.string().trim().min(1).max(4000).meta({ id: 'FreeText' })
export type FreeText = z.infer<typeof FreeText>

/** Who acts. `system` is for importers and scheduled jobs. */
export const Role = z
  .enum(['reporter', 'coordinator', 'analyst', 'evaluator', 'admin', 'system'])
  .meta({ id: 'Role' })
export type Role = z.infer<typeof Role>

/** The organisation and role behind an event; never a person's identity. */
export const Actor = z.object({ organisationId: EntityId, role: Role }).meta({ id: 'Actor' })
export type Actor = z.infer<typeof Actor>

/** WGS84 point. */
export const GeoPoint = z
  .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
  .meta({ id: 'GeoPoint' })
export type GeoPoint = z.infer<typeof GeoPoint>

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
const LinearRing = z.array(Position).min(4)

/** GeoJSON Polygon or MultiPolygon geometry (RFC 7946, `[lon, lat]` positions). */
export const GeoPolygon = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(LinearRing).min(1) }),
    z.object({
      type: z.literal('MultiPolygon'),
      coordinates: z.array(z.array(LinearRing).min(1)).min(1),
    }),
  ])
  .meta({ id: 'GeoPolygon' })
export type GeoPolygon = z.infer<typeof GeoPolygon>

/** What an observation is about (DOMAIN.md "Kinds"). */
export const ObservationKind = z
  .enum(['crime', 'disorder', 'insecurity', 'unsafe-place', 'planned-event'])
  .meta({ id: 'ObservationKind' })
export type ObservationKind = z.infer<typeof ObservationKind>

/** UK-style anti-social-behaviour grouping, used as a second axis next to the kind. */
export const CategoryGroup = z
  .enum(['personal', 'nuisance', 'environmental'])
  .meta({ id: 'CategoryGroup' })
export type CategoryGroup = z.infer<typeof CategoryGroup>

/** Part of day for observations whose time is only roughly known. */
export const PartOfDay = z
  .enum(['morning', 'daytime', 'evening', 'night'])
  .meta({ id: 'PartOfDay' })
export type PartOfDay = z.infer<typeof PartOfDay>

/**
 * Valid time of an observation: when it happened in the world, as precisely as the reporter
 * knows it. Kept apart from `recordedAt` (when the system learned it) so that late reports and
 * corrections can be queried "as known at" any instant.
 * - `exact`: the date is known, optionally the time.
 * - `time-window`: somewhere between `date` (and `fromTime`) and `until` (and `untilTime`).
 * - `part-of-day`: on `date`, in a part of the day.
 */
export const OccurredOn = z
  .discriminatedUnion('precision', [
    z.object({ precision: z.literal('exact'), date: LocalDate, time: TimeOfDay.optional() }),
    z.object({
      precision: z.literal('time-window'),
      date: LocalDate,
      fromTime: TimeOfDay.optional(),
      until: LocalDate,
      untilTime: TimeOfDay.optional(),
    }),
    z.object({ precision: z.literal('part-of-day'), date: LocalDate, partOfDay: PartOfDay }),
  ])
  .meta({ id: 'OccurredOn' })
export type OccurredOn = z.infer<typeof OccurredOn>

/** An inclusive date range. */
export const DateRange = z.object({ from: LocalDate, to: LocalDate }).meta({ id: 'DateRange' })
export type DateRange = z.infer<typeof DateRange>
