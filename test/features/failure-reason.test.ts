/** failureReason: IMAGE errors are per-image failures on one line; anything else is thrown as it came. */
import { describe, expect, it } from 'vitest';
import { ClipEvalError, oneLine } from '../../src/core/errors.js';
import { failureReason } from '../../src/features/embed-dataset.js';

describe('failureReason', () => {
  it('folds a multi-line IMAGE message to one line', () => {
    const error = new ClipEvalError('IMAGE', 'a.png: cannot decode image (pngload: libpng read error\nVipsJpeg: out of order read  \r\n\n  at line 3)');
    expect(failureReason(error)).toBe('a.png: cannot decode image (pngload: libpng read error / VipsJpeg: out of order read / at line 3)');
    expect(oneLine('one\u2028two\n')).toBe('one / two');
  });

  it('throws other errors, stack and all, and ClipEvalErrors of other codes', () => {
    const bug = new TypeError('x is undefined');
    expect(() => failureReason(bug)).toThrow(bug);
    const cache = new ClipEvalError('CACHE', 'cache broke');
    expect(() => failureReason(cache)).toThrow(cache);
  });
});
