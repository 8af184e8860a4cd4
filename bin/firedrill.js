#!/usr/bin/env node
// The `firedrill` command. The CLI is TypeScript; tsx compiles it on the fly, so there is
// no build step between editing a file and running it.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
