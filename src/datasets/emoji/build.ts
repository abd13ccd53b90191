import { availableParallelism } from 'node:os';
import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import pLimit from 'p-limit';
import { defaultCacheDir, DEFAULTS } from '../../config/defaults.js';
import { ClipEvalError, errorMessage } from '../../core/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../../core/fs.js';
import { createProgress } from '../../core/progress.js';
import type { Skip } from '../../core/sample.js';
import { splitAnnotations } from './annotations.js';
import { loadCatalog, type Credit } from './catalog.js';
import { loadWordRenderer } from './fonts.js';
import { sha1, sourceVersions, splitFingerprint } from './fingerprint.js';
import { MANIFEST_FILE, MANIFEST_FORMAT, readManifest, type ManifestItem, type ManifestSplit, type SuiteManifest } from './manifest.js';
import { nodeModulesReader, type PackageReader } from './packages.js';
import { DEFAULT_SUITE_OPTIONS, planSuite, type PlannedItem, type SuiteOptions, type SuitePlan } from './plan.js';
import { ArtCache, renderItem, type ArtSources } from './render.js';
import { EMOJI_SPLITS, type SplitName } from './splits.js';

export interface BuildOptions extends Partial<Omit<SuiteOptions, 'copies'>> {
  /** Suite folder; default `defaultSuiteRoot(size)`. */
  readonly root?: string;
  readonly copies?: Partial<Record<SplitName, number>>;
  /** Where the icon packages, emojibase and fonts are read from (tests inject a partial one). */
  readonly reader?: PackageReader;
  /** Progress lines on stderr; false for none. */
  readonly progress?: boolean;
  /** Images rendered at once. */
  readonly concurrency?: number;
}

/** `<CLIP_EVAL_CACHE or ~/.cache/clip-eval>/emoji-shift/<size>`. */
export function defaultSuiteRoot(size: number = DEFAULT_SUITE_OPTIONS.size, env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultCacheDir(env), 'emoji-shift', String(size));
}

/**
 * How a suite folder is (re)built: with the options it was built with, or, for a new folder, the defaults with
 * the image size read from the folder name (`.../emoji-shift/64` renders 64-pixel images).
 */
export async function suiteOptionsFor(root: string): Promise<BuildOptions> {
  const manifest = await readManifest(root);
  if (manifest !== undefined) return { ...manifest.options };
  const size = Number(basename(root));
  return { size: Number.isInteger(size) && size >= 16 && size <= 512 ? size : DEFAULT_SUITE_OPTIONS.size };
}

export function resolveSuiteOptions(options: BuildOptions = {}): SuiteOptions {
  const d = DEFAULT_SUITE_OPTIONS;
  const resolved: SuiteOptions = {
    size: options.size ?? d.size,
    seed: options.seed ?? d.seed,
    classes: options.classes ?? d.classes,
    ocrWords: options.ocrWords ?? d.ocrWords,
    copies: { ...d.copies, ...options.copies },
    splits: options.splits ?? d.splits,
  };
  if (!Number.isInteger(resolved.size) || resolved.size < 16 || resolved.size > 512) {
    throw new ClipEvalError('USAGE', `emoji-shift: size must be an integer from 16 to 512 pixels, got ${resolved.size}`);
  }
  for (const [split, n] of Object.entries(resolved.copies)) {
    if (!Number.isInteger(n) || n < 1) throw new ClipEvalError('USAGE', `emoji-shift: copies.${split} must be a positive integer, got ${n}`);
  }
  for (const split of resolved.splits) {
    if (!Object.hasOwn(EMOJI_SPLITS, split)) throw new ClipEvalError('USAGE', `emoji-shift: unknown split '${split}' (known: ${Object.keys(EMOJI_SPLITS).join(', ')})`);
  }
  return resolved;
}

/** A folder that holds something other than a suite is refused: the builder deletes stale split folders. */
async function checkRoot(root: string, manifest: SuiteManifest | undefined): Promise<void> {
  if (manifest !== undefined) return;
  const entries = await readdir(root).catch(() => [] as string[]);
  if (entries.some((e) => e !== MANIFEST_FILE && !Object.hasOwn(EMOJI_SPLITS, e) && !e.startsWith('.'))) {
    throw new ClipEvalError('DATASET', `emoji-shift: ${root} holds files that are not an emoji-shift suite; pick an empty or new folder (default ${defaultSuiteRoot()})`);
  }
}

/** Items whose file is missing or differs from the SHA-1 recorded when it was rendered. */
async function damaged(root: string, items: readonly ManifestItem[]): Promise<ManifestItem[]> {
  const limit = pLimit(16);
  const bad = await Promise.all(items.map((item) => limit(async () => {
    const bytes = await readFile(join(root, item.file)).catch(() => undefined);
    return bytes === undefined || sha1(bytes) !== item.sha1;
  })));
  return items.filter((_, i) => bad[i]);
}

async function renderAll(root: string, label: string, items: readonly PlannedItem[], options: SuiteOptions, arts: ArtCache, build: BuildOptions): Promise<{ rendered: ManifestItem[]; failed: Skip[] }> {
  const progress = createProgress({ label, total: items.length, quiet: build.progress === false, intervalMs: DEFAULTS.progressIntervalMs });
  const limit = pLimit(build.concurrency ?? Math.max(2, availableParallelism() * 2));
  const results = await Promise.all(items.map((item) => limit(async (): Promise<ManifestItem | Skip> => {
    try {
      const png = await renderItem(item.spec, options.size, arts);
      await writeFileAtomic(join(root, item.file), png);
      return { ...item, sha1: sha1(png) };
    } catch (error) {
      return { path: item.file, reason: `failed to render: ${errorMessage(error)}` };
    } finally {
      progress.tick(1);
    }
  })));
  const rendered = results.filter((r): r is ManifestItem => 'sha1' in r);
  const failed = results.filter((r): r is Skip => !('sha1' in r));
  progress.done(failed.length > 0 ? `${failed.length} failed` : undefined);
  return { rendered, failed };
}

/**
 * The annotation files of a captioned split (retrieval captions, SugarCrepe pairs), made from its items: each file
 * that is missing or differs is written again. Gives the split with their hashes, or undefined when nothing changed.
 */
async function syncAnnotations(root: string, name: SplitName, split: ManifestSplit, concepts: SuiteManifest['concepts'], seed: number, quiet: boolean): Promise<ManifestSplit | undefined> {
  const files = splitAnnotations(name, split.items, concepts, seed);
  if (files.length === 0) return undefined;
  const annotations: { file: string; sha1: string }[] = [];
  for (const { file, text } of files) {
    const bytes = Buffer.from(text, 'utf8');
    const current = await readFile(join(root, file)).catch(() => undefined);
    if (current === undefined || !current.equals(bytes)) {
      await writeFileAtomic(join(root, file), bytes);
      if (!quiet) process.stderr.write(`emoji-shift: wrote ${file}\n`);
    }
    annotations.push({ file, sha1: sha1(bytes) });
  }
  const same = split.annotations !== undefined && JSON.stringify(split.annotations) === JSON.stringify(annotations);
  return same ? undefined : { ...split, annotations };
}

function attributeNames(items: readonly PlannedItem[]): string[] {
  return [...new Set(items.flatMap((i) => Object.keys(i.attrs)))].sort();
}

/**
 * Build the emoji-shift suite under `root`, or verify and repair it: splits whose inputs changed are planned and
 * rendered again; an intact split is checked file by file and any missing or corrupt image is rendered anew.
 * Missing vendor packages, concepts a style lacks and SVGs that fail to render are recorded as skips.
 */
export async function buildEmojiSuite(build: BuildOptions = {}): Promise<SuiteManifest> {
  const options = resolveSuiteOptions(build);
  const root = build.root ?? defaultSuiteRoot(options.size);
  const reader = build.reader ?? nodeModulesReader;
  const previous = await readManifest(root);
  await checkRoot(root, previous);
  const sources = await sourceVersions(reader);

  let loaded: Promise<ArtSources> | undefined;
  const load = (): Promise<ArtSources> => {
    loaded ??= (async () => ({ catalog: await loadCatalog(reader), words: await loadWordRenderer(reader) }))();
    return loaded;
  };
  const arts = new ArtCache(load, options.size);
  let plan: SuitePlan | undefined;
  const getPlan = async (): Promise<SuitePlan> => {
    if (plan === undefined) {
      const { catalog, words } = await load();
      plan = planSuite(catalog, words !== undefined, options);
    }
    return plan;
  };

  const splits: Partial<Record<SplitName, ManifestSplit>> = { ...previous?.splits };
  let concepts = { ...previous?.concepts };
  let catalog = previous?.catalog;
  let credits: readonly Credit[] = previous?.credits ?? [];
  const write = async (): Promise<SuiteManifest> => {
    const manifest: SuiteManifest = {
      format: MANIFEST_FORMAT,
      options: { size: options.size, seed: options.seed, classes: options.classes, ocrWords: options.ocrWords, copies: options.copies },
      sources, credits, catalog, concepts, splits,
    };
    await writeJsonAtomic(join(root, MANIFEST_FILE), manifest);
    return manifest;
  };

  let manifest: SuiteManifest | undefined;
  const annotate = async (name: SplitName): Promise<void> => {
    const split = splits[name];
    const synced = split && (await syncAnnotations(root, name, split, concepts, options.seed, build.progress === false));
    if (synced === undefined) return;
    splits[name] = synced;
    manifest = await write();
  };
  for (const name of options.splits) {
    const fingerprint = splitFingerprint(name, options, sources);
    const existing = previous?.splits[name];
    if (existing !== undefined && existing.fingerprint === fingerprint) {
      const bad = await damaged(root, existing.items);
      if (bad.length === 0) {
        await annotate(name);
        continue;
      }
      const { rendered, failed } = await renderAll(root, `emoji-shift: repairing ${name}`, bad, options, arts, build);
      const fixed = new Map(rendered.map((r) => [r.file, r]));
      const lost = new Set(failed.map((f) => f.path));
      splits[name] = {
        ...existing,
        items: existing.items.filter((i) => !lost.has(i.file)).map((i) => fixed.get(i.file) ?? i),
        skipped: [...existing.skipped, ...failed],
      };
      manifest = await write();
      await annotate(name);
      continue;
    }
    const suite = await getPlan();
    const planned = suite.splits.find((s) => s.name === name)!;
    await rm(join(root, name), { recursive: true, force: true }); // stale images of an older plan
    const { rendered, failed } = await renderAll(root, `emoji-shift: rendering ${name}`, planned.items, options, arts, build);
    const info = EMOJI_SPLITS[name];
    splits[name] = {
      title: info.title, templates: info.templates, fingerprint,
      classnames: planned.classnames, ...(planned.categories ? { categories: planned.categories } : {}),
      attributes: attributeNames(planned.items), items: rendered, skipped: [...planned.skipped, ...failed],
    };
    const { catalog: cat, words } = await load();
    concepts = { ...concepts, ...suite.concepts };
    catalog = cat.report;
    credits = [...[...cat.vendors.values()].map((v) => v.credit), ...(words ? [words.credit] : [])];
    manifest = await write();
    await annotate(name);
  }
  return manifest ?? previous ?? write();
}
