import { access, constants, lstat, mkdir, open, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, basename, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ClipEvalError, usageError } from './errors.js';

/**
 * The filesystem errors a user causes and can fix (a full disk, a read-only place, a file where a folder
 * should be), each with what it means. `fileSystemError` turns one of them, on a known path, into a
 * ClipEvalError; src/cli/main.ts does that for every error it catches, so every writer is covered.
 */
const KNOWN_ERRNO = {
  ENOSPC: 'no space left on the device (free some space or choose another place)',
  EDQUOT: 'disk quota exceeded (free some space or choose another place)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system (choose a writable place)',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'already exists',
  ENOENT: 'no such file or folder',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files (raise the limit with ulimit -n)',
  ENFILE: 'too many open files on the system',
  EIO: 'input/output error on the device',
  ENOTEMPTY: 'the folder is not empty',
  EXDEV: 'cannot rename across devices',
} as const;

/** The errors of a whole device, known whatever file they happened on. */
const DEVICE_ERRNO = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS']);

const SYSCALL_VERBS: Readonly<Record<string, string>> = {
  open: 'cannot open',
  read: 'cannot read',
  write: 'cannot write',
  mkdir: 'cannot create the folder',
  rename: 'cannot rename',
  scandir: 'cannot list the folder',
  unlink: 'cannot remove',
  rmdir: 'cannot remove',
  stat: 'cannot read',
  lstat: 'cannot read',
  access: 'cannot use',
  copyfile: 'cannot copy',
  fsync: 'cannot write',
};

/** An errno error of Node's fs (code, syscall, path). */
function isErrnoError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!);
}

/**
 * The one-line ClipEvalError for a filesystem error the user can fix (ENOSPC, EACCES, EROFS, ENOTDIR,
 * EEXIST, EISDIR, ...), or undefined for anything else (a bug: it keeps its stack). `path` names the file
 * when the error itself does not (write errors on an open handle carry no path); without either, a device
 * error (ENOSPC, EDQUOT, EIO, EROFS) is still known, told with `context` (e.g. the output folders).
 */
export function fileSystemError(error: unknown, path?: string, context?: string): ClipEvalError | undefined {
  if (error instanceof ClipEvalError || !isErrnoError(error)) return undefined;
  const what = KNOWN_ERRNO[error.code as keyof typeof KNOWN_ERRNO];
  const where = error.path ?? path;
  if (what === undefined) return undefined;
  const verb = SYSCALL_VERBS[error.syscall ?? ''] ?? 'cannot use';
  // A full or failing device is the user's to fix even where the error names no file (a write on a handle).
  if (where === undefined) return DEVICE_ERRNO.has(error.code) ? new ClipEvalError('FILE', `${verb}${context ? ` (${context})` : ''}: ${what}`, { cause: error }) : undefined;
  const dest = (error as { dest?: unknown }).dest;
  const target = typeof dest === 'string' ? `${where} -> ${dest}` : where;
  return new ClipEvalError('FILE', `${verb} ${target}: ${what}`, { cause: error });
}

/** Runs `fn`, turning a known filesystem error into a one-line ClipEvalError naming `path`. */
export async function withFileErrors<T>(path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw fileSystemError(error, path) ?? error;
  }
}

/**
 * Temporary siblings are named `.<name>.<pid>@<host>.<8 hex>.tmp`, so that the next run can tell a killed
 * run's leftovers (`removeStaleLeftovers`) from a live writer's file, even on a folder shared by machines.
 */
const HOST = hostname().replace(/[^A-Za-z0-9_-]/g, '_');
const TMP_NAME = /^\..+\.(\d+)@([A-Za-z0-9_-]*)\.[0-9a-f]{8}\.tmp$/;

/** The writer of a leftover named by `tempSibling` (or any name holding `<pid>@<host>`), when it is one. */
export function tempFileOwner(name: string): { pid: number; host: string } | undefined {
  const m = TMP_NAME.exec(name);
  return m ? { pid: Number(m[1]), host: m[2]! } : undefined;
}

/** A fresh temporary sibling of `path` (same folder, so that the rename is atomic). */
export function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}@${HOST}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Write a file atomically: a temporary sibling then a rename, so a crash never leaves half a file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await withFileErrors(path, async () => {
    await mkdir(dirname(path), { recursive: true });
    const tmp = tempSibling(path);
    try {
      await writeFile(tmp, data);
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  });
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/** Reads a JSON file that must hold an object, naming the file in every error (empty, truncated, `null`). */
export async function readJsonObject(path: string, what: string): Promise<Record<string, unknown>> {
  const text = await withFileErrors(path, () => readFile(path, 'utf8'));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ClipEvalError('INPUT', `${what} ${path} is not valid JSON (${text.trim() === '' ? 'the file is empty' : (error as Error).message}); rerun the step that wrote it`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ClipEvalError('INPUT', `${what} ${path} holds ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}, not a JSON object; rerun the step that wrote it`);
  }
  return value as Record<string, unknown>;
}

/** Places no output belongs in: kernel views where Node's recursive mkdir never returns. */
const VIRTUAL_ROOTS = ['/proc', '/sys', '/dev'];

async function nearestExisting(path: string): Promise<{ existing: string; missing: string[] }> {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      await lstat(current);
      return { existing: current, missing };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw fileSystemError(error, current) ?? error;
    }
    const parent = dirname(current);
    if (parent === current) return { existing: current, missing };
    missing.unshift(basename(current));
    current = parent;
  }
}

/**
 * Checks, before a command starts work, that `path` (given as `flag`) can be an output folder: not empty,
 * not a file, below a folder that exists and is writable, not under /proc, /sys or /dev. Nothing is created.
 */
export async function checkOutputFolder(path: string, flag: string): Promise<void> {
  await checkOutputPath(path, flag, 'folder');
}

/** The same for an output file (`--out FILE.npy`): its folder can be made, and it is not a folder. */
export async function checkOutputFile(path: string, flag: string): Promise<void> {
  await checkOutputPath(path, flag, 'file');
}

async function checkOutputPath(path: string, flag: string, kind: 'folder' | 'file'): Promise<void> {
  if (path.trim() === '') throw usageError(`${flag} is empty; give a ${kind} path`);
  if (path.includes('\0')) throw usageError(`${flag} contains a NUL character`);
  const { existing, missing } = await nearestExisting(path);
  const real = await realpath(existing).catch(() => existing);
  if (VIRTUAL_ROOTS.some((root) => real === root || real.startsWith(`${root}/`))) {
    throw new ClipEvalError('FILE', `${flag} ${path} is under ${VIRTUAL_ROOTS.find((r) => real === r || real.startsWith(`${r}/`))}, a kernel view, not a place for output; choose another ${kind}`);
  }
  const info = await stat(existing).catch((error: unknown) => {
    throw fileSystemError(error, existing) ?? error;
  });
  if (missing.length === 0) {
    if (kind === 'folder' && !info.isDirectory()) throw new ClipEvalError('FILE', `${flag} ${path} is a file, not a folder; choose a folder`);
    if (kind === 'file' && info.isDirectory()) throw new ClipEvalError('FILE', `${flag} ${path} is a folder; give a file name`);
    if (kind === 'file') return checkWritable(dirname(resolve(path)), flag, path);
    return checkWritable(existing, flag, path);
  }
  if (!info.isDirectory()) throw new ClipEvalError('FILE', `${flag} ${path}: ${existing} is a file, not a folder`);
  await checkWritable(existing, flag, path);
}

async function checkWritable(dir: string, flag: string, path: string): Promise<void> {
  try {
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EROFS' ? 'is on a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'is not writable (permission denied)' : `cannot be used (${code})`;
    throw new ClipEvalError('FILE', `${flag} ${path}: ${dir} ${why}; choose another place`, { cause: error });
  }
}

/** Whether a process of this machine is alive (EPERM: alive, someone else's). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How long a leftover must have stood untouched before it is taken for a killed run's. */
export const LEFTOVER_GRACE_MS = 60_000;

/**
 * Removes the leftovers of killed runs in `dir`: the files `owner` recognises whose writing process is
 * dead (on this machine; one of another machine's only when it is a day old) and that nobody has written
 * to for LEFTOVER_GRACE_MS. A live writer's file (a concurrent shard's) is never touched. Returns the
 * removed names; a folder that does not exist has none.
 */
export async function removeStaleLeftovers(dir: string, owner: (name: string) => { pid: number; host?: string } | undefined, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const who = owner(name);
    if (!who) continue;
    const local = who.host === undefined || who.host === HOST;
    if (local && who.pid === process.pid) continue;
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (!info?.isFile()) continue;
    const age = now - info.mtimeMs;
    const stale = local ? !isProcessAlive(who.pid) && age > LEFTOVER_GRACE_MS : age > 24 * 3600_000;
    if (!stale) continue;
    await rm(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** The temporary files of `writeFileAtomic` left in `dir` by killed runs. */
export function removeStaleTempFiles(dir: string, now = Date.now()): Promise<string[]> {
  return removeStaleLeftovers(dir, tempFileOwner, now);
}

/**
 * Runs `fn` holding `lockPath` (created exclusively, holding `pid@host`): the read-modify-write of a
 * shared file by concurrent processes. A lock whose process is dead is taken over.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}@${HOST}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fileSystemError(error, lockPath) ?? error;
      const holder = /^(\d+)@(\S*)/.exec(await readFile(lockPath, 'utf8').catch(() => ''));
      if (holder && holder[2] === HOST && !isProcessAlive(Number(holder[1]))) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() - start > timeoutMs) {
        throw new ClipEvalError('FILE', `${lockPath} has been held by another run for ${Math.round(timeoutMs / 1000)} s; if no other run is writing there, delete it`);
      }
      await new Promise((r) => setTimeout(r, 25 + Math.random() * 50));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}
