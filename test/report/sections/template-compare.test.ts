import { describe, expect, it } from 'vitest';
import { variantLabel } from '../../../src/report/sections/template-compare.js';

describe('template comparison labels', () => {
  it('say an ensemble size once: names that give it are left alone', () => {
    expect(variantLabel({ kind: 'ensemble', name: 'greedy (1 chosen on validation)', templates: ['a {}.'] })).toBe('greedy (1 chosen on validation)');
    expect(variantLabel({ kind: 'ensemble', name: 'all 14 templates', templates: Array.from({ length: 14 }, (_, i) => `t${i} {}`) })).toBe('all 14 templates');
  });

  it('add the size to a name without it, and leave single templates as they are', () => {
    expect(variantLabel({ kind: 'ensemble', name: 'selected ensemble', templates: ['a {}.', 'b {}.'] })).toBe('selected ensemble (2 templates)');
    expect(variantLabel({ kind: 'ensemble', name: 'top3', templates: ['a {}.'] })).toBe('top3 (1 template)');
    expect(variantLabel({ kind: 'single', name: 'a photo of a {}.', templates: ['a photo of a {}.'] })).toBe('a photo of a {}.');
  });
});
