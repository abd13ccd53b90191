import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import tar from 'tar-stream';
import { ClipEvalError } from '../../core/errors.js';

/** The one module that imports tar-stream: reads tar files as streams, never extracting them to disk. */
export interface TarMember {
  readonly name: string;
  /** 'file' for regular files; other entry types (directories, links) carry no data worth reading. */
  readonly type: string;
  readonly data: Buffer;
}

const BLOCK = 512;

/**
 * The members of a tar file in archive order. A truncated archive is an error naming the file and the member
 * where it stops: inside a member tar-stream reports the unexpected end; at a member boundary the missing
 * end-of-archive marker (two zero blocks, which every tar writer appends) gives it away.
 */
export async function* readTarMembers(path: string, where: string): AsyncGenerator<TarMember> {
  const size = (await stat(path)).size;
  const source = createReadStream(path);
  const extract = tar.extract();
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract);
  let current: string | undefined;
  // Bytes used by the members seen so far; pax and long-name headers are not counted, so this can only
  // under-estimate, which never turns a complete archive into an error.
  let used = 0;
  try {
    for await (const entry of extract) {
      current = entry.header.name;
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      const length = entry.header.size ?? 0;
      used += BLOCK + Math.ceil(length / BLOCK) * BLOCK;
      yield { name: entry.header.name, type: entry.header.type ?? 'file', data: Buffer.concat(chunks, length) };
    }
  } catch (error) {
    const at = current === undefined ? 'before its first member' : `in member ${current}`;
    throw new ClipEvalError('DATASET', `${where}: ${path} is truncated or corrupt ${at} (${(error as Error).message}); re-download or rewrite the shard`, { cause: error });
  } finally {
    source.destroy();
  }
  if (size - used < 2 * BLOCK) {
    const at = current === undefined ? 'before its first member' : `after member ${current}`;
    throw new ClipEvalError('DATASET', `${where}: ${path} is truncated ${at} (no end-of-archive marker: ${size} bytes, members end at byte ${used}); re-download or rewrite the shard`);
  }
}
