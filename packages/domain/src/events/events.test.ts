import { describe, expect, it } from 'vitest'
import { DEFAULT_CATEGORY_CATALOGUE } from '../catalogue.js'
import { testEvent, testMetadata } from '../testing/fixtures.js'
import { DomainEvent, EVENT_TYPES } from './index.js'
import { Observation, ReportSubmitted } from './report.js'

const observation: Observation = {
  observationId: 'o1',
  kind: 'crime',
  categoryCode: 'vandalism',
  placeId: 'resecentrum',
  occurredOn: { precision: 'part-of-day', date: '2024-03-10', partOfDay: 'evening' },
  count: 2,
  certainty: 'observed',
  policeReported: 'no',
}

describe('event schemas', () => {
  it('accept a ReportSubmitted with metadata and route it through the union', () => {
    const event = testEvent('ReportSubmitted', {
      reportId: 'r1',
      reporterOrganisationId: 'org-housing',
      observations: [observation],
    })
    expect(DomainEvent.parse(event)).toEqual(event)
    expect(ReportSubmitted.safeParse(event).success).toBe(true)
  })

  it('reject JS-Date-like or offset-less instants so bitemporal queries stay exact', () => {
    const event = testEvent(
      'ReportRetracted',
      { reportId: 'r1', reason: 'duplicate' },
      { recordedAt: '2024-03-15T10:00:00' },
    )
    expect(DomainEvent.safeParse(event).success).toBe(false)
  })

  it('reject an impossible calendar date in valid time', () => {
    const bad = { ...observation, occurredOn: { precision: 'exact', date: '2023-02-29' } }
    expect(Observation.safeParse(bad).success).toBe(false)
  })

  it('reject a cadence other than 7 or 14 days', () => {
    const event = testEvent('ReportingCadenceSet', {
      intervalDays: 7,
      anchorDate: '2021-02-01',
      effectiveFrom: '2021-02-01',
    })
    expect(DomainEvent.safeParse(event).success).toBe(true)
    const bad = { ...event, data: { ...event.data, intervalDays: 10 } }
    expect(DomainEvent.safeParse(bad).success).toBe(false)
  })

  it('require a nullable causationId and a v4-style uuid eventId', () => {
    expect(
      DomainEvent.safeParse({
        type: 'ReportRetracted',
        data: { reportId: 'r1', reason: 'x' },
        metadata: { ...testMetadata('ReportRetracted'), eventId: 'not-a-uuid' },
      }).success,
    ).toBe(false)
  })

  it('list every union member in EVENT_TYPES', () => {
    const unionTypes = DomainEvent.options.map((o) => o.shape.type.value).sort()
    expect([...EVENT_TYPES].sort()).toEqual(unionTypes)
  })

  it('seed a catalogue with unique kebab-case codes and both labels', () => {
    const codes = DEFAULT_CATEGORY_CATALOGUE.map((c) => c.code)
    expect(new Set(codes).size).toBe(codes.length)
    expect(codes.length).toBeGreaterThanOrEqual(17)
    for (const c of DEFAULT_CATEGORY_CATALOGUE) {
      expect(c.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(c.labelSv.length).toBeGreaterThan(0)
      expect(c.labelEn.length).toBeGreaterThan(0)
    }
  })
})
