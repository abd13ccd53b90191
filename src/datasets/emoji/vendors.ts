/**
 * The emoji sets the suite draws on, each an Iconify JSON package on npm. `family` groups sets that share one
 * design (the three Fluent sets): a family sits wholly on one side of the train/held-out line, because testing
 * on a sibling of a training set measures little. `role` says which splits a set feeds.
 */
export type VendorRole =
  /** Training styles: `train`, `id`, `v2`, `clean`, `objectnet`, `fine-grained`, `fairness`. */
  | 'train'
  /** Held-out colour styles: the `rendition` split. */
  | 'rendition'
  /** Held-out monochrome styles: the `sketch` split. */
  | 'sketch';

export interface VendorInfo {
  readonly package: string;
  readonly family: string;
  readonly role: VendorRole;
}

export const EMOJI_VENDORS = {
  noto: { package: '@iconify-json/noto', family: 'noto', role: 'train' },
  twemoji: { package: '@iconify-json/twemoji', family: 'twemoji', role: 'train' },
  openmoji: { package: '@iconify-json/openmoji', family: 'openmoji', role: 'train' },
  'fluent-emoji': { package: '@iconify-json/fluent-emoji', family: 'fluent', role: 'rendition' },
  'fluent-emoji-flat': { package: '@iconify-json/fluent-emoji-flat', family: 'fluent', role: 'rendition' },
  fxemoji: { package: '@iconify-json/fxemoji', family: 'fxemoji', role: 'rendition' },
  'fluent-emoji-high-contrast': { package: '@iconify-json/fluent-emoji-high-contrast', family: 'fluent', role: 'sketch' },
  'emojione-monotone': { package: '@iconify-json/emojione-monotone', family: 'emojione', role: 'sketch' },
} as const satisfies Record<string, VendorInfo>;

export type VendorName = keyof typeof EMOJI_VENDORS;

export const VENDOR_NAMES = Object.keys(EMOJI_VENDORS) as VendorName[];

export function vendorsWithRole(role: VendorRole): VendorName[] {
  return VENDOR_NAMES.filter((v) => EMOJI_VENDORS[v].role === role);
}
