import { join } from 'node:path';
import classnames from './classnames.json' with { type: 'json' };
import { fixedFoldersDataset } from '../../layouts/fixed-folders.js';

/** 101_ObjectCategories' folders, sorted as Python sorts them (upper case first): the i-th names classnames[i]. */
export const CALTECH101_FOLDERS = [
  'BACKGROUND_Google', 'Faces', 'Faces_easy', 'Leopards', 'Motorbikes', 'accordion', 'airplanes', 'anchor', 'ant', 'barrel',
  'bass', 'beaver', 'binocular', 'bonsai', 'brain', 'brontosaurus', 'buddha', 'butterfly', 'camera', 'cannon', 'car_side',
  'ceiling_fan', 'cellphone', 'chair', 'chandelier', 'cougar_body', 'cougar_face', 'crab', 'crayfish', 'crocodile',
  'crocodile_head', 'cup', 'dalmatian', 'dollar_bill', 'dolphin', 'dragonfly', 'electric_guitar', 'elephant', 'emu',
  'euphonium', 'ewer', 'ferry', 'flamingo', 'flamingo_head', 'garfield', 'gerenuk', 'gramophone', 'grand_piano',
  'hawksbill', 'headphone', 'hedgehog', 'helicopter', 'ibis', 'inline_skate', 'joshua_tree', 'kangaroo', 'ketch', 'lamp',
  'laptop', 'llama', 'lobster', 'lotus', 'mandolin', 'mayfly', 'menorah', 'metronome', 'minaret', 'nautilus', 'octopus',
  'okapi', 'pagoda', 'panda', 'pigeon', 'pizza', 'platypus', 'pyramid', 'revolver', 'rhino', 'rooster', 'saxophone',
  'schooner', 'scissors', 'scorpion', 'sea_horse', 'snoopy', 'soccer_ball', 'stapler', 'starfish', 'stegosaurus',
  'stop_sign', 'strawberry', 'sunflower', 'tick', 'trilobite', 'umbrella', 'watch', 'water_lilly', 'wheelchair', 'wild_cat',
  'windsor_chair', 'wrench', 'yin_yang',
] as const;

/**
 * Caltech-101 with its 102 folders: BACKGROUND_Google is the class 'background', as in the CLIP paper's
 * 102-class list and CLIP_benchmark (which keeps it, unlike torchvision). The paper's test set (images left
 * after 30 random training images per class, VTAB's split) is not published, so split 'all' is every image,
 * as CLIP_benchmark evaluates it.
 */
export const caltech101 = fixedFoldersDataset({
  name: 'caltech101',
  title: 'Caltech-101 (with background)',
  layout: "<root>/101_ObjectCategories/<class>/image_0001.jpg ... (also CLIP_benchmark's <root>/caltech101/101_ObjectCategories/)",
  splits: ['all'],
  defaultSplit: 'all',
  metric: 'mean_per_class_recall',
  templates: 'caltech101',
  source: "class names and templates from OpenAI CLIP's data/prompts.md (Caltech101), which name the 102 folders in sorted order",
  classnames,
  folders: CALTECH101_FOLDERS,
  bases: (root) => [join(root, '101_ObjectCategories'), join(root, 'caltech101', '101_ObjectCategories')],
});
