import { describe, expect, it } from 'vitest'
import { isDomainError } from './errors.js'
import { testMetadata } from './testing/fixtures.js'
import { createEventParser, parseEvent, UPCASTERS, upcastEvent } from './upcasting.js'

const v1ReportSubmitted = {
  type: 'ReportSubmitted',
  schemaVersion: 1,
  data: {
    reportId: 'r1',
    reporterOrganisationId: 'org-housing',
    observations: [
      {
        observationId: 'o1',
        kind: 'disorder',
        categoryCode: 'graffiti',
        placeId: 'gastisparken',
        occurredOn: '2021-03-02',
        count: 1,
        certainty: 'observed',
        policeReported: 'no',
      },
    ],
  },
  metadata: { ...testMetadata('ReportSubmitted'), schemaVersion: 1 },
}

describe('parseEvent', () => {
  it('upcasts a v1 ReportSubmitted (bare occurredOn date) to v2 with precision exact', () => {
    const event = parseEvent(v1ReportSubmitted)
    expect(event.metadata.schemaVersion).toBe(2)
    if (event.type !== 'ReportSubmitted') throw new Error('wrong type')
    expect(event.data.observations[0]?.occurredOn).toEqual({
      precision: 'exact',
      date: '2021-03-02',
    })
  })

  it('takes the version from beside the metadata when the metadata lacks it', () => {
    const { schemaVersion: _, ...metadata } = v1ReportSubmitted.metadata
    const event = parseEvent({ ...v1ReportSubmitted, metadata })
    expect(event.metadata.schemaVersion).toBe(2)
  })

  it('leaves current-version events as they are', () => {
    const v2 = parseEvent(v1ReportSubmitted)
    expect(parseEvent(v2)).toEqual(v2)
    expect(upcastEvent(v1ReportSubmitted)).toEqual(v2)
  })

  it('rejects unknown types, future versions and schema mismatches as invalid-event', () => {
    const cases = [
      { ...v1ReportSubmitted, type: 'ReportEaten' },
      { ...v1ReportSubmitted, metadata: { ...v1ReportSubmitted.metadata, schemaVersion: 3 } },
      { ...v1ReportSubmitted, data: { ...v1ReportSubmitted.data, observations: [] } },
    ]
    for (const raw of cases) {
      expect(() => parseEvent(raw)).toThrowError(expect.objectContaining({ code: 'invalid-event' }))
      try {
        parseEvent(raw)
      } catch (e) {
        expect(isDomainError(e, 'invalid-event')).toBe(true)
      }
    }
  })

  it('refuses at construction an upcaster chain with a gap', () => {
    expect(() => createEventParser([])).toThrow(/Missing upcaster ReportSubmitted@1/)
    expect(() => createEventParser([...UPCASTERS, ...UPCASTERS])).toThrow(/Two upcasters/)
  })
})
