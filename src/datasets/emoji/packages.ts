import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * Reads a file shipped in an npm package, or gives undefined when the package (or file) is not installed.
 * Injected so that tests can simulate a missing package, and so that the suite reads its art from
 * node_modules only.
 */
export type PackageReader = (pkg: string, file: string) => Promise<Uint8Array | undefined>;

const require = createRequire(import.meta.url);

export const nodeModulesReader: PackageReader = async (pkg, file) => {
  let path: string;
  try {
    path = require.resolve(`${pkg}/${file}`);
  } catch {
    return undefined;
  }
  return readFile(path);
};

export async function readPackageJson<T>(reader: PackageReader, pkg: string, file: string): Promise<T | undefined> {
  const bytes = await reader(pkg, file);
  return bytes === undefined ? undefined : (JSON.parse(Buffer.from(bytes).toString('utf8')) as T);
}
