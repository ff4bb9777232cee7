import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Command } from './deciders/index.js'
import { DomainEvent } from './events/index.js'

// The API publishes these schemas as named OpenAPI components; a schema zod cannot express in
// JSON Schema (a transform, a Date) would break the API's document, so it is caught here.
describe('JSON Schema export', () => {
  it.each([
    ['DomainEvent', DomainEvent, ['EventMetadata', 'ReportSubmitted', 'Observation', 'OccurredOn']],
    ['Command', Command, ['SubmitReport', 'ImportSurveyWave', 'Observation', 'OccurredOn']],
  ] as const)('%s converts with named components', (_name, schema, expected) => {
    const json = z.toJSONSchema(schema, { io: 'input' }) as { $defs?: Record<string, unknown> }
    expect(Object.keys(json.$defs ?? {})).toEqual(expect.arrayContaining([...expected]))
  })
})
