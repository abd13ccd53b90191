import { ClipEvalError } from '../../core/errors.js';
import { encodePng, rasterizeSvg } from '../../image/decode.js';
import type { RawImage } from '../../image/raw-image.js';
import { PROFILES, sampleParams, type ProfileName } from './augment.js';
import type { Catalog } from './catalog.js';
import { compose } from './draw.js';
import type { FontName, WordRenderer } from './fonts.js';
import { mulberry32 } from './prng.js';
import type { VendorName } from './vendors.js';

/** What is drawn: one vendor's icon, or a word in one font. */
export type ArtSpec =
  | { readonly kind: 'icon'; readonly vendor: VendorName; readonly icon: string }
  | { readonly kind: 'word'; readonly font: FontName; readonly word: string };

/** Everything needed to render one image again, alone: stored in the suite manifest. */
export interface RenderSpec {
  readonly art: ArtSpec;
  readonly profile: ProfileName;
  /** Seed of this image's augmentation parameters. */
  readonly seed: number;
}

/** Art is rasterised at this multiple of the canvas size, then composed with supersampling. */
const ART_OVERSAMPLE = 2;

export interface ArtSources {
  readonly catalog: Catalog;
  readonly words: WordRenderer | undefined;
}

export function artKey(art: ArtSpec): string {
  return art.kind === 'icon' ? `icon:${art.vendor}:${art.icon}` : `word:${art.font}:${art.word}`;
}

/**
 * Rasterises art once per build and keeps it: every split draws each icon several times. Sources load on
 * first use, so verifying an intact cache never reads the (large) icon packages.
 */
export class ArtCache {
  readonly #rasters = new Map<string, Promise<RawImage>>();
  #sources: Promise<ArtSources> | undefined;

  constructor(private readonly load: () => Promise<ArtSources>, private readonly size: number) {}

  sources(): Promise<ArtSources> {
    this.#sources ??= this.load();
    return this.#sources;
  }

  raster(art: ArtSpec): Promise<RawImage> {
    const key = artKey(art);
    let raster = this.#rasters.get(key);
    if (raster === undefined) {
      raster = this.#rasterize(art);
      this.#rasters.set(key, raster);
    }
    return raster;
  }

  async #rasterize(art: ArtSpec): Promise<RawImage> {
    const { catalog, words } = await this.sources();
    const pixels = this.size * ART_OVERSAMPLE;
    let svg: string;
    if (art.kind === 'icon') {
      const set = catalog.vendors.get(art.vendor);
      if (set === undefined) throw new ClipEvalError('DATASET', `emoji-shift: the ${art.vendor} set is not installed (run npm ci)`);
      svg = set.svg(art.icon, pixels);
    } else {
      if (words === undefined) throw new ClipEvalError('DATASET', 'emoji-shift: the OCR fonts are not installed (run npm ci)');
      svg = words.svg(art.font, art.word, pixels);
    }
    return rasterizeSvg(svg, pixels, pixels, artKey(art));
  }
}

/** Render one suite image to PNG bytes. Deterministic: the same spec and size give the same bytes. */
export async function renderItem(spec: RenderSpec, size: number, arts: ArtCache): Promise<Buffer> {
  const art = await arts.raster(spec.art);
  const params = sampleParams(PROFILES[spec.profile], mulberry32(spec.seed));
  return encodePng(compose(art, size, params, spec.art.kind === 'word'));
}
