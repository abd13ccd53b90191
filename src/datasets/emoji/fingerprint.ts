import { createHash } from 'node:crypto';
import { PROFILES } from './augment.js';
import { EMOJIBASE_PACKAGE } from './emojibase.js';
import { FONT_PACKAGE } from './fonts.js';
import { readPackageJson, type PackageReader } from './packages.js';
import suite from './suite.json' with { type: 'json' };
import type { SuiteOptions } from './plan.js';
import { EMOJI_SPLITS, type SplitName } from './splits.js';
import { EMOJI_VENDORS, VENDOR_NAMES } from './vendors.js';

// What the builder records to tell an intact split from one to render again: image hashes and split fingerprints.

/** Bump when a change to the renderer's code changes pixels (profile settings are fingerprinted already). */
export const RENDERER_VERSION = 1;

export function sha1(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** Versions of the packages the suite draws from; a missing package shows as 'missing'. Cheap: package.json only. */
export async function sourceVersions(reader: PackageReader): Promise<Record<string, string>> {
  const packages = [EMOJIBASE_PACKAGE, FONT_PACKAGE, ...VENDOR_NAMES.map((v) => EMOJI_VENDORS[v].package)];
  const versions: Record<string, string> = {};
  for (const pkg of packages) versions[pkg] = (await readPackageJson<{ version: string }>(reader, pkg, 'package.json'))?.version ?? 'missing';
  return versions;
}

/**
 * What a split's images depend on: when it changes, the split is planned and rendered again. Only the profiles the
 * split draws with count (its own, and `text` for rendered words), so tuning a test profile leaves the others,
 * the training corpus included, as they are.
 */
export function splitFingerprint(split: SplitName, options: SuiteOptions, sources: Readonly<Record<string, string>>): string {
  const { size, seed, classes, ocrWords, copies } = options;
  const own = EMOJI_SPLITS[split].profile;
  const profiles = { [own]: PROFILES[own], text: PROFILES.text };
  // The captioned splits' own settings (suite.json) choose their images; other splits' fingerprints leave them out.
  const plan = split === 'retrieval' || split === 'compositionality' ? { plan: suite[split] } : {};
  return sha1(Buffer.from(JSON.stringify({ split, size, seed, classes, ocrWords, copies: copies[split], profiles, sources, renderer: RENDERER_VERSION, ...plan })));
}
