#!/usr/bin/env node
// Node 20 cannot run TypeScript itself; tsx's loader lets the CLI run from source with no build.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
