import { readFileSync } from 'node:fs';

/** The harness version recorded in every result (read once from package.json, two levels above src/ and dist/). */
export const HARNESS_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
