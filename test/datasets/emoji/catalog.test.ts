import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/datasets/emoji/catalog.js';
import { classnameFromLabel, nameKey, normalizeHex, slug } from '../../../src/datasets/emoji/names.js';
import { nodeModulesReader } from '../../../src/datasets/emoji/packages.js';
import { EMOJI_VENDORS, VENDOR_NAMES } from '../../../src/datasets/emoji/vendors.js';
import { fakeReader } from './fake-packages.js';

describe('emoji names', () => {
  it('normalises code points and names so that vendors agree', () => {
    expect(normalizeHex('1F9D1-1F3FF-200D-2695-FE0F')).toBe('1f9d1-1f3ff-200d-2695');
    expect(nameKey('flag: Côte d’Ivoire')).toBe(nameKey('flag-cote-divoire'));
    expect(nameKey('flag-for-japan', true)).toBe(nameKey('flag: Japan', true));
    expect(nameKey('red-apple')).toBe('redapple');
    expect(classnameFromLabel('flag: Japan')).toBe('flag of Japan');
    expect(classnameFromLabel('five o’clock')).toBe("five o'clock");
    expect(slug('flag: Côte d’Ivoire')).toBe('flag-cote-d-ivoire');
  });

  it('keeps each design family on one side of the train / held-out line', () => {
    const roles = new Map<string, Set<string>>();
    for (const v of VENDOR_NAMES) {
      const { family, role } = EMOJI_VENDORS[v];
      roles.set(family, (roles.get(family) ?? new Set()).add(role === 'train' ? 'train' : 'held-out'));
    }
    for (const [family, sides] of roles) expect([family, sides.size]).toEqual([family, 1]);
  });
});

describe('loadCatalog', () => {
  it('joins through code points, including flags and skin tones', async () => {
    const catalog = await loadCatalog(fakeReader());
    const twemoji = catalog.vendors.get('twemoji')!;
    expect(twemoji.icons.get('1f1ef-1f1f5')).toBe('flag-japan');
    expect(twemoji.icons.get('1f469-1f3ff-200d-2695')).toBe('woman-health-worker-dark-skin-tone');
    expect(catalog.vendors.get('noto')!.icons.has('1f1ef-1f1f5')).toBe(false);
    expect(catalog.report.vendors.twemoji!.viaCodePoints).toBe(twemoji.icons.size);
  });

  it('joins sets without code points through names, reporting what did not match', async () => {
    const catalog = await loadCatalog(fakeReader());
    // Fluent colour has no code points; its names are those of Fluent flat, which has them.
    expect(catalog.vendors.get('fluent-emoji')!.icons.get('1f9d1-1f3ff-200d-2695')).toBe('health-worker-dark');
    expect(catalog.vendors.get('emojione-monotone')!.icons.get('1f1ef-1f1f5')).toBe('flag-for-japan');
    expect(catalog.vendors.get('fxemoji')!.icons.get('1f34e')).toBe('redapple');
    expect(catalog.report.vendors['emojione-monotone']!.unmatched).toEqual(['keycap-ten']);
    expect(catalog.report.vendors.fxemoji!.viaNames).toBe(catalog.vendors.get('fxemoji')!.icons.size);
  });

  it('reports a missing vendor package and goes on without it', async () => {
    const catalog = await loadCatalog(fakeReader({ missing: ['openmoji'] }));
    expect(catalog.vendors.has('openmoji')).toBe(false);
    expect(catalog.report.missingPackages).toEqual([{ vendor: 'openmoji', package: '@iconify-json/openmoji' }]);
  });

  it('refuses to work without emojibase', async () => {
    const reader = fakeReader();
    await expect(loadCatalog(async (pkg, file) => (pkg === 'emojibase-data' ? undefined : reader(pkg, file)))).rejects.toThrow(/emojibase-data.*npm ci/);
  });

  it('joins the installed sets by concept', async () => {
    const catalog = await loadCatalog(nodeModulesReader);
    const icon = (vendor: Parameters<typeof catalog.vendors.get>[0], hex: string) => catalog.vendors.get(vendor)?.icons.get(hex);
    expect(icon('twemoji', '1f1ef-1f1f5')).toBe('flag-japan');
    expect(icon('openmoji', '1f469-1f3ff-200d-2695')).toBeDefined();
    expect(icon('fluent-emoji', '1f9d1-1f3ff-200d-2695')).toBe('health-worker-dark');
    expect(icon('emojione-monotone', '1f1ef-1f1f5')).toBe('flag-for-japan');
    expect(icon('fxemoji', '1f34e')).toBe('redapple');
    expect(catalog.report.missingPackages).toEqual([]);
  }, 30_000);
});
