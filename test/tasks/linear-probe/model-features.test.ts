import { describe, expect, it } from 'vitest';
import { chooseFeatureOutput } from '../../../src/tasks/linear-probe/model-features.js';

describe('which model output is probed', () => {
  it('the requested one, else the pre-projection output when the export has one, else the embeddings', () => {
    expect(chooseFeatureOutput(['image_embeds', 'pooler_output'], 'image_embeds', 'last_hidden_state')).toBe('last_hidden_state');
    expect(chooseFeatureOutput(['image_embeds', 'pooler_output'], 'image_embeds', undefined)).toBe('pooler_output');
    expect(chooseFeatureOutput(['image_embeds', 'last_hidden_state'], 'image_embeds', undefined)).toBe('image_embeds');
  });
});
