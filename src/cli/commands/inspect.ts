import { statSync } from 'node:fs';
import { relative } from 'node:path';
import type { ValueInfo } from '../../model/onnx-session.js';
import { openRuntime } from '../../features/runtime.js';
import { defineCommand } from '../command.js';
import { withModel } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';

function io(values: readonly ValueInfo[]): string {
  return values.map((v) => `${v.name} ${v.type}[${v.shape.join(', ')}]`).join('; ');
}

export const inspect = defineCommand({
  command: 'inspect',
  describe: 'show what was detected in a model folder: files, IO, preprocessing, tokenizer',
  builder: (y) => withModel(y).option('json', { type: 'boolean', default: false, describe: 'print JSON instead of text' }),
  async run(args) {
    const runtime = await openRuntime({ ...runtimeOptions(args), decodeWorkers: 0, cacheDir: null });
    try {
      const { model } = runtime;
      const b = model.bundle;
      const p = runtime.preprocess;
      const report = {
        dir: b.dir,
        layout: b.layout,
        dtype: b.dtype,
        files: b.files.map((f) => ({ path: relative(b.dir, f), bytes: statSync(f).size })),
        tokenizer: { ...b.tokenizer, vocabSize: model.tokenizer.vocabSize, startId: model.tokenizer.startId, endId: model.tokenizer.endId },
        contextLength: b.contextLength,
        padId: b.padId,
        preprocess: p,
        embeddingWidth: model.embeddingWidth,
        imageOutputs: model.imageOutputs,
        io: model.io,
      };
      if (args.json) {
        process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        return;
      }
      const lines = [
        `model folder   ${b.dir} (${b.layout} layout, dtype ${b.dtype})`,
        ...report.files.map((f) => `file           ${f.path} (${(f.bytes / 1e6).toFixed(1)} MB)`),
        `image input    ${io(model.io.vision.inputs)}`,
        `image outputs  ${io(model.io.vision.outputs)}`,
        `text input     ${io(model.io.text.inputs)}`,
        `text outputs   ${io(model.io.text.outputs)}`,
        `embedding      ${model.embeddingWidth}-d (image '${b.vision.output}', text '${b.text.output}')`,
        `image size     ${p.cropSize}x${p.cropSize} (resize ${p.resizeMode} to ${p.resizeSize}, ${p.interpolation}, centre crop)`,
        `mean / std     [${p.mean.join(', ')}] / [${p.std.join(', ')}]`,
        `tokenizer      ${b.tokenizer.kind}: vocabulary ${model.tokenizer.vocabSize}, start ${model.tokenizer.startId}, end ${model.tokenizer.endId}`,
        `context        ${b.contextLength} tokens, padded with ${b.padId}`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
    } finally {
      await runtime.close();
    }
  },
});
