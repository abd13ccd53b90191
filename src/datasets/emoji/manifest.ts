import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Skip } from '../../core/sample.js';
import type { CatalogReport, Credit } from './catalog.js';
import type { ClassCategory, ConceptInfo, PlannedItem, SuiteOptions } from './plan.js';
import type { SplitName } from './splits.js';

/**
 * The suite's manifest, `<root>/manifest.json`: every image with its label, attributes, render spec and
 * SHA-1, so that an intact cache is verified without reading the icon packages and a damaged file is rendered
 * again alone. The builder (build.ts) writes it; the emoji-shift adapter and the training tool
 * (tools/train-tiny-clip) read it. This module is the format only: reading it loads none of the renderer.
 */
export const MANIFEST_FORMAT = 'clip-eval/emoji-shift@1';
export const MANIFEST_FILE = 'manifest.json';

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
  /** The captioned splits' annotation files (annotations.ts) with their SHA-1, checked and rewritten on every build. */
  readonly annotations?: readonly { readonly file: string; readonly sha1: string }[];
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

/** The manifest under `root`, or undefined when there is none or it is unreadable (then the suite is rebuilt). */
export async function readManifest(root: string): Promise<SuiteManifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(root, MANIFEST_FILE), 'utf8')) as SuiteManifest;
    return manifest.format === MANIFEST_FORMAT ? manifest : undefined;
  } catch {
    return undefined;
  }
}
