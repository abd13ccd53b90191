import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { MODEL_FAMILIES } from '../../model/family.js';
import type { ValueInfo } from '../../model/onnx-session.js';
import { headIsComplete, type ScoringHead } from '../../model/scoring-head.js';
import type { TextTokenizerSource } from '../../text/load-text-tokenizer.js';
import { openRuntime } from '../../features/runtime.js';
import { defineCommand } from '../command.js';
import { withModel } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';

function tokenizerFiles(source: TextTokenizerSource): Record<string, string> {
  switch (source.kind) {
    case 'clip-bpe':
      return { files: source.files.kind === 'vocab-merges' ? `${source.files.vocab} + ${source.files.merges}` : source.files.path };
    case 'siglip-spm':
      return { files: source.model };
    case 'tokenizer-json':
      return { files: source.path };
    default: {
      const unknown: never = source;
      return unknown;
    }
  }
}

function headLine(head: ScoringHead): string {
  const form = head.kind === 'sigmoid' ? 'logit_scale x cosine + logit_bias, sigmoid' : 'logit_scale x cosine, softmax';
  if (!headIsComplete(head)) return `${form}; no scale/bias in the export: rankings only, probabilities refused`;
  return `${form}; scale ${head.scale!.toPrecision(6)}${head.kind === 'sigmoid' ? `, bias ${head.bias!.toPrecision(6)}` : ''} from ${head.source}`;
}

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
      await model.openText(); // inspect shows both towers
      const b = model.bundle;
      const p = runtime.preprocess;
      const feedsMask = b.text.attentionMask !== undefined && model.io.text.inputs.some((i) => i.name === b.text.attentionMask);
      const report = {
        dir: b.dir,
        layout: b.layout,
        dtype: b.dtype,
        files: b.files.map((f) => ({ path: relative(b.dir, f), bytes: statSync(f).size })),
        family: b.family,
        tokenizer: { kind: model.tokenizer.kind, source: model.tokenizer.source, ...tokenizerFiles(b.tokenizer), vocabSize: model.tokenizer.vocabSize, padId: model.tokenizer.padId, eosId: model.tokenizer.eosId },
        pooling: { image: b.vision.output, text: b.text.output, attentionMask: feedsMask ? b.text.attentionMask : null },
        head: model.head,
        contextLength: b.contextLength,
        padId: b.padId,
        canonicalize: b.canonicalize === true,
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
        `image size     ${p.cropSize}x${p.cropSize} (${p.resizeMode === 'squash' ? `squash to ${p.cropSize}x${p.cropSize}, no crop` : `resize shortest to ${p.resizeSize}, centre crop`}, ${p.interpolation}, ${p.convertFirst ? 'RGB before resize (HF image processor)' : "resize in the file's mode, then RGB (OpenAI)"})`,
        `mean / std     [${p.mean.join(', ')}] / [${p.std.join(', ')}]`,
        `family         ${b.family} (${MODEL_FAMILIES[b.family].describe})`,
        `tokenizer      ${model.tokenizer.kind}: ${relative(b.dir, model.tokenizer.source)}, vocabulary ${model.tokenizer.vocabSize}, pad ${model.tokenizer.padId}, eos ${model.tokenizer.eosId ?? 'none'}`,
        `context        ${model.tokenizer.contextLength} tokens, padded with ${model.tokenizer.padId}`,
        `text cleaning  ${b.canonicalize ? "open_clip's canonicalize_text(basic_clean(text)): punctuation removed, lower-cased, whitespace folded" : "the tokenizer's own"}`,
        `pooling        image '${b.vision.output}', text '${b.text.output}', attention mask ${feedsMask ? `fed ('${b.text.attentionMask}')` : 'not fed (the text graph takes none)'}`,
        `scoring head   ${headLine(model.head)}`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
    } finally {
      await runtime.close();
    }
  },
});
