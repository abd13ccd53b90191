import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Skip } from '../../core/sample.js';
import { PROFILES } from './augment.js';
import type { CatalogReport, Credit } from './catalog.js';
import { EMOJIBASE_PACKAGE } from './emojibase.js';
import { FONT_PACKAGE } from './fonts.js';
import { readPackageJson, type PackageReader } from './packages.js';
import type { ClassCategory, ConceptInfo, PlannedItem, SuiteOptions } from './plan.js';
import { EMOJI_SPLITS, type SplitName } from './splits.js';
import { EMOJI_VENDORS, VENDOR_NAMES } from './vendors.js';

/**
 * The suite's manifest, `<root>/manifest.json`: every image with its label, attributes, render spec and
 * SHA-1, so that an intact cache is verified without reading the icon packages and a damaged file is rendered
 * again alone. The training tool reads it too (tools/train-tiny-clip).
 */
export const MANIFEST_FORMAT = 'clip-eval/emoji-shift@1';
export const MANIFEST_FILE = 'manifest.json';

/** Bump when a change to the renderer's code changes pixels (profile settings are fingerprinted already). */
export const RENDERER_VERSION = 1;

export interface ManifestItem extends PlannedItem {
  readonly sha1: string;
}

export interface ManifestSplit {
  readonly title: string;
  readonly templates: string;
  readonly fingerprint: string;
  readonly classnames: readonly string[];
  readonly categories?: readonly ClassCategory[];
  /** Attribute names carried by this split's items. */
  readonly attributes: readonly string[];
  readonly items: readonly ManifestItem[];
  readonly skipped: readonly Skip[];
}

export interface SuiteManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly options: Omit<SuiteOptions, 'splits'>;
  /** Versions of every package the images come from. */
  readonly sources: Readonly<Record<string, string>>;
  readonly credits: readonly Credit[];
  readonly catalog: CatalogReport | undefined;
  readonly concepts: Readonly<Record<string, ConceptInfo>>;
  readonly splits: Partial<Record<SplitName, ManifestSplit>>;
}

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
  return sha1(Buffer.from(JSON.stringify({ split, size, seed, classes, ocrWords, copies: copies[split], profiles, sources, renderer: RENDERER_VERSION })));
}

/** The manifest under `root`, or undefined when there is none or it is unreadable (then the suite is rebuilt). */
export async function readManifest(root: string): Promise<SuiteManifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(root, MANIFEST_FILE), 'utf8')) as SuiteManifest;
    return manifest.format === MANIFEST_FORMAT ? manifest : undefined;
  } catch {
    return undefined;
  }
}
