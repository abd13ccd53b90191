import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/clip-eval.js', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI (npm test builds dist/ first) as a user would, in its own process; `input` is its
 * standard input (empty by default), `uid`/`gid` run it as another user (needs root).
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, options: { readonly input?: string; readonly uid?: number; readonly gid?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}) });
    child.stdin.end(options.input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
