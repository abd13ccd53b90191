import { fileURLToPath } from 'node:url';

/** The package's folder (two levels above src/core and dist/core): where package.json, models/ and configs/ ship. */
export const PACKAGE_ROOT: string = fileURLToPath(new URL('../../', import.meta.url));
