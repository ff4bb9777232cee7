// The full role × endpoint × organisation × tenant matrix of apps/api, run again on PostgreSQL
// (in `pnpm test` it runs on PGlite). Importing the suite registers its tests in this file.
import './use-postgres-for-api-suites.js'
import '../../apps/api/src/access.int.test.js'

import { openTestApi } from '@lagesbild/api/testing'
import { expect, it } from 'vitest'

it('really runs those suites on PostgreSQL', async () => {
  const api = await openTestApi()
  try {
    expect(api.lagesbild.store.backend).toBe('postgres')
  } finally {
    await api.lagesbild.close()
  }
})
