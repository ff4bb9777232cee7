// Imported before an apps/api suite, so its `openTestApi` opens a PostgreSQL throwaway database
// instead of PGlite in memory: the same assertions, on the server backend.
process.env.LAGESBILD_API_TEST_BACKEND = 'postgres'
