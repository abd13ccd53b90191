// The 1,000 prompts of bench/speed.mjs and bench/transformers-js.mjs.
/** The prompts of embed-text: templates x class names, varied lengths. */
export function prompts(count) {
  const templates = ['a photo of a {}.', 'a blurry photo of the {}.', 'a close-up photo of a {}, taken on a sunny afternoon in the park.', 'art of the {}.', 'a low resolution photo of my {}.',
    'a tattoo of a {}.', 'the origami {}.', 'a black and white photo of a large {} next to a small dog and two cups of coffee.', 'itap of a {}.', 'a {} in a video game.'];
  const words = ['tench', 'goldfish', 'great white shark', 'tiger shark', 'hammerhead', 'electric ray', 'stingray', 'cock', 'hen', 'ostrich', 'brambling', 'goldfinch', 'house finch', 'junco',
    'indigo bunting', 'robin', 'bulbul', 'jay', 'magpie', 'chickadee', 'water ouzel', 'kite', 'bald eagle', 'vulture', 'great grey owl'];
  const out = [];
  for (let i = 0; out.length < count; i++) out.push(templates[i % templates.length].replace('{}', `${words[Math.floor(i / templates.length) % words.length]} ${Math.floor(i / 250) || ''}`.trim()));
  return out;
}
