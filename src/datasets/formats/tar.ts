import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import tar from 'tar-stream';
import { ClipEvalError, errorMessage } from '../../core/errors.js';

/** The one module that imports tar-stream: reads tar files as streams, never extracting them to disk. */
export interface TarMember {
  readonly name: string;
  /** 'file' for regular files; other entry types (directories, links) carry no data worth reading. */
  readonly type: string;
  /** Bytes of data, from the header. */
  readonly size: number;
  /** The member's bytes, or undefined when the caller's `read` declined it (streamed past, never held). */
  readonly data: Buffer | undefined;
}

/** Which members to hold in memory, from the header alone: the others are streamed past, chunk by chunk. */
export type ReadMember = (header: { readonly name: string; readonly type: string; readonly size: number }) => boolean;

const BLOCK = 512;

/**
 * The members of a tar file in archive order; only those `read` accepts are buffered (by default those of at
 * most 64 MiB), so an unused 3 GB member costs one chunk of memory, not 3 GB. A truncated archive is an error
 * naming the file and the member where it stops: a member whose header claims more bytes than the file has
 * left fails at its header; inside a member tar-stream reports the unexpected end; at a member boundary the
 * missing end-of-archive marker (two zero blocks, which every tar writer appends) gives it away.
 */
export async function* readTarMembers(path: string, where: string, read: ReadMember = (h) => h.size <= 64 * 2 ** 20): AsyncGenerator<TarMember> {
  const size = (await stat(path)).size;
  const source = createReadStream(path);
  const extract = tar.extract();
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract);
  const entries = extract[Symbol.asyncIterator]();
  let current: string | undefined;
  // Bytes used by the members seen so far; pax and long-name headers are not counted, so this can only
  // under-estimate, which never turns a complete archive into an error.
  let used = 0;
  const corrupt = (error: unknown): ClipEvalError => {
    const at = current === undefined ? 'before its first member' : `in member ${current}`;
    return new ClipEvalError('DATASET', `${where}: ${path} is truncated or corrupt ${at} (${errorMessage(error)}); re-download or rewrite the shard`, { cause: error });
  };
  try {
    for (;;) {
      let next: Awaited<ReturnType<typeof entries.next>>;
      try {
        next = await entries.next();
      } catch (error) {
        throw corrupt(error);
      }
      if (next.done === true) break;
      const entry = next.value;
      const header = { name: entry.header.name, type: entry.header.type ?? 'file', size: entry.header.size ?? 0 };
      current = header.name;
      used += BLOCK;
      if (used + header.size > size) {
        throw new ClipEvalError('DATASET', `${where}: ${path} is truncated or corrupt in member ${current} (its header claims ${header.size} bytes, the file has ${Math.max(0, size - used)} left); re-download or rewrite the shard`);
      }
      const keep = read(header);
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of entry) if (keep) chunks.push(chunk as Buffer);
      } catch (error) {
        throw corrupt(error);
      }
      used += Math.ceil(header.size / BLOCK) * BLOCK;
      yield { ...header, data: keep ? Buffer.concat(chunks, header.size) : undefined };
    }
  } finally {
    source.destroy();
    extract.destroy();
  }
  if (size - used < 2 * BLOCK) {
    const at = current === undefined ? 'before its first member' : `after member ${current}`;
    throw new ClipEvalError('DATASET', `${where}: ${path} is truncated ${at} (no end-of-archive marker: ${size} bytes, members end at byte ${used}); re-download or rewrite the shard`);
  }
}
