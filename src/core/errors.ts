/**
 * The error family. Every error the user can cause or fix is a ClipEvalError with a stable `code`
 * and a message that says what was wrong, where, and what to do. The CLI prints those as one line;
 * anything else is a bug and prints its stack.
 */
export const ERROR_CODES = {
  USAGE: 'bad command-line usage',
  MODEL: 'model bundle cannot be opened or does not fit',
  TOKENIZER: 'tokenizer files or text cannot be tokenized',
  IMAGE: 'image cannot be decoded or preprocessed',
  DATASET: 'dataset root, layout or labels are wrong',
  PROMPTS: 'template or class-name input is wrong',
  CACHE: 'feature cache problem',
  INPUT: 'input file (features, results, CSV) is wrong',
  PROVIDER: 'execution provider not available',
  SHARD: 'shard specification or shard outputs are wrong',
  CONFIG: 'configuration is wrong',
  FILE: 'a file or folder cannot be read or written (full disk, read-only place, a file where a folder should be)',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class ClipEvalError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClipEvalError';
    this.code = code;
  }

  /** Usage errors exit with 2, every other known error with 1. */
  get exitCode(): number {
    return this.code === 'USAGE' ? 2 : 1;
  }
}

export function isClipEvalError(error: unknown): error is ClipEvalError {
  return error instanceof ClipEvalError;
}

/** Argument checks name the argument, like p-limit's validateConcurrency. */
export function usageError(message: string): ClipEvalError {
  return new ClipEvalError('USAGE', message);
}

/**
 * `text` on one line: line breaks (and the blanks around them) become ' / '. For messages that quote what
 * they read (JSON.parse's excerpt of the input, libvips' multi-line reports), since every message is one line.
 */
export function oneLine(text: string): string {
  return text.trim().replace(/[ \t]*(?:\r\n|[\r\n\u2028\u2029])+[ \t]*/g, ' / ');
}

/** Bytes read from a file, quoted in a message: anything but printable ASCII as \xNN, so a message stays one line. */
export function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The message of an unknown thrown value, for reports that must not crash on it. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
