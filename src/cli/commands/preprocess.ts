import { writeFileAtomic } from '../../core/fs.js';
import { encodeNpy } from '../../core/npy.js';
import { preprocessImage } from '../../image/preprocess.js';
import { resolveBundle } from '../../model/detect.js';
import { defineCommand } from '../command.js';
import { gatherOperands } from '../operands.js';

export const preprocess = defineCommand({
  command: 'preprocess [images..]',
  operands: 'images',
  outIsFile: true,
  describe: 'write the [N,3,H,W] float32 tensors the image tower would see, in argument order, to a .npy file',
  builder: (y) =>
    y
      .positional('images', { type: 'string', array: true, describe: "image files ('-': one path per line from standard input)" })
      .option('file', { type: 'string', describe: 'a file with one image path per line (- = standard input), before the arguments' })
      .option('model', { type: 'string', demandOption: true, describe: "model folder (its preprocessing config is used)" })
      .option('out', { type: 'string', demandOption: true, describe: 'output .npy file' })
      .option('exif-rotate', { type: 'boolean', default: false, describe: 'apply EXIF orientation (the reference does not)' }),
  async run(args) {
    const images = await gatherOperands(args.images, args.file, 'image files', 'preprocess');
    const bundle = await resolveBundle(args.model);
    const config = { ...bundle.preprocess, exifRotate: args.exifRotate };
    const size = config.cropSize;
    const data = new Float32Array(images.length * 3 * size * size);
    for (const [i, path] of images.entries()) data.set(await preprocessImage({ kind: 'file', path }, config), i * 3 * size * size);
    await writeFileAtomic(args.out, encodeNpy({ dtype: 'float32', shape: [images.length, 3, size, size], data }));
  },
});
