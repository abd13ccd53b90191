import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** What a one-node cluster needs from Debian's `slurm-wlm` and `munge` packages. */
const BINARIES = ['munged', 'mungekey', 'slurmctld', 'slurmd', 'sbatch', 'sinfo', 'squeue', 'scontrol', 'scancel'] as const;

function onPath(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Why a one-node Slurm cannot be started here, or undefined when it can. */
export function slurmUnavailable(): string | undefined {
  const missing = BINARIES.filter((b) => !onPath(b));
  if (missing.length > 0) return `Slurm is not installed (${missing.join(', ')} not on PATH): apt-get install slurm-wlm munge, as .ci/run does`;
  if (process.getuid?.() !== 0) return 'starting slurmd needs root (it runs the jobs), as in CI';
  return undefined;
}

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Signals one process by pid; one that has already gone is no error. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // exited meanwhile
  }
}

/** The pids and all their descendants (parents read from /proc/PID/stat). */
function withDescendants(pids: readonly number[]): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const all = new Set(pids);
  for (const pid of all) for (const child of children.get(pid) ?? []) all.add(child);
  return [...all];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * munged, slurmctld and slurmd started by this process with every file (config, key, sockets, state, spool,
 * pid files, logs) under `dir` and free TCP ports, so that nothing of the host's own configuration is read or
 * changed. The clients find it through SLURM_CONF in `env`.
 */
export class OneNodeSlurm {
  private readonly daemons: { name: string; pid: number; exited: boolean }[] = [];
  readonly conf: string;
  readonly env: NodeJS.ProcessEnv;

  private constructor(readonly dir: string) {
    this.conf = join(dir, 'slurm.conf');
    // node must be on the jobs' PATH: sbatch exports this environment to them.
    this.env = { ...process.env, SLURM_CONF: this.conf, PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter) };
  }

  /** Starts the daemons; on failure stops what did start before rethrowing. */
  static async start(dir: string): Promise<OneNodeSlurm> {
    const cluster = new OneNodeSlurm(dir);
    try {
      await cluster.boot();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  private spawnDaemon(name: string, command: string, args: readonly string[]): void {
    const log = openSync(join(this.dir, 'log', `${name}.out`), 'a');
    const child = spawn(command, args, { env: this.env, stdio: ['ignore', log, log] });
    closeSync(log);
    if (child.pid === undefined) throw new Error(`${command} did not start`);
    const entry = { name, pid: child.pid, exited: false };
    child.on('exit', () => (entry.exited = true));
    child.on('error', () => (entry.exited = true));
    this.daemons.push(entry);
  }

  private async boot(): Promise<void> {
    const munge = join(this.dir, 'munge');
    for (const d of ['log', 'state', 'spool']) mkdirSync(join(this.dir, d), { recursive: true });
    mkdirSync(munge, { mode: 0o755 });
    chmodSync(munge, 0o755);
    const key = join(munge, 'munge.key');
    const made = spawnSync('mungekey', ['--create', `--keyfile=${key}`], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`mungekey failed: ${made.stderr}`);
    const socket = join(munge, 'munge.socket');
    this.spawnDaemon('munged', 'munged', ['--foreground', '--force', `--socket=${socket}`, `--key-file=${key}`,
      `--pid-file=${join(munge, 'munged.pid')}`, `--log-file=${join(munge, 'munged.log')}`, `--seed-file=${join(munge, 'munged.seed')}`]);

    const node = hostname().split('.')[0]!;
    const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
    writeFileSync(this.conf, [
      'ClusterName=clipeval',
      `SlurmctldHost=${node}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      // cred_expire: a requeued job waits this long (+1 s) before it may start again (default 120 s).
      `AuthInfo=socket=${socket},cred_expire=5`,
      `StateSaveLocation=${join(this.dir, 'state')}`,
      `SlurmdSpoolDir=${join(this.dir, 'spool')}`,
      `SlurmctldPidFile=${join(this.dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(this.dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(this.dir, 'log', 'slurmctld.log')}`,
      `SlurmdLogFile=${join(this.dir, 'log', 'slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'SchedulerType=sched/builtin',
      'SchedulerParameters=sched_interval=1',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none',
      'MpiDefault=none',
      'MailProg=/bin/true',
      'ReturnToService=2',
      'MinJobAge=600',
      'KillWait=2',
      // The node is declared big enough for the shipped #SBATCH requests (8 CPUs, 16G a task), whatever it has.
      'SlurmdParameters=config_overrides',
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=32 RealMemory=262144 State=UNKNOWN`,
      `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'));

    await this.waitFor('munged to open its socket', 10_000, async () => readdirSync(munge).includes('munge.socket'));
    this.spawnDaemon('slurmctld', 'slurmctld', ['-D', '-i', '-f', this.conf]);
    this.spawnDaemon('slurmd', 'slurmd', ['-D', '-N', node, '-f', this.conf]);
    await this.waitFor('the node to register idle', 30_000, async () => (await this.run('sinfo', ['-h', '-o', '%T'])).stdout.trim() === 'idle');
  }

  /** Runs a Slurm client (or any command) against this cluster. */
  run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
    const env = { ...this.env, ...options.env };
    return new Promise((resolve) => {
      execFile(command, [...args], { cwd: options.cwd, env, encoding: 'utf8' }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
      });
    });
  }

  /** `scontrol show job` of one job (array tasks as JOB_TASK) as key=value pairs. */
  async job(id: string): Promise<Record<string, string>> {
    const { stdout } = await this.run('scontrol', ['show', 'job', '-o', id]);
    return Object.fromEntries(stdout.trim().split(/\s+/).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  }

  async waitFor(what: string, timeoutMs: number, done: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const dead = this.daemons.find((d) => d.exited);
      if (dead) throw new Error(`${dead.name} exited while waiting for ${what}; see ${join(this.dir, 'log')}`);
      if (await done()) return;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}; see ${join(this.dir, 'log')}`);
      await sleep(200);
    }
  }

  /**
   * Processes of this cluster still alive: any whose command line names `dir` (the daemons, started with their
   * paths; the batch scripts, run from the spool folder; the jobs' clip-eval processes), and the slurmstepd
   * processes (which slurmd detaches into their own sessions) that hold a file under `dir` open; and every
   * descendant of those.
   */
  leftovers(): number[] {
    const named = spawnSync('pgrep', ['-f', this.dir], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
    const stepds = spawnSync('pgrep', ['-x', 'slurmstepd'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
    const ours = stepds.filter((pid) => {
      try {
        return readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(this.dir));
      } catch {
        return false; // gone meanwhile
      }
    });
    return withDescendants([...named, ...ours]).filter((pid) => pid !== process.pid);
  }

  /**
   * Cancels every job, stops the daemons by pid (TERM, then KILL after 5 s) and kills by pid whatever of the
   * cluster is still alive. Returns the pids still alive after that: none, unless something could not be killed.
   */
  async stop(): Promise<number[]> {
    if (this.daemons.some((d) => d.name === 'slurmctld' && !d.exited)) {
      const jobs = (await this.run('squeue', ['-h', '-o', '%A'])).stdout.split('\n').filter(Boolean);
      if (jobs.length > 0) await this.run('scancel', jobs);
      await this.waitFor('the jobs to end', 15_000, async () => (await this.run('squeue', ['-h'])).stdout.trim() === '').catch(() => undefined);
    }
    for (const daemon of [...this.daemons].reverse()) {
      if (daemon.exited) continue;
      signal(daemon.pid, 'SIGTERM');
      const deadline = Date.now() + 5_000;
      while (!daemon.exited && Date.now() < deadline) await sleep(100);
      if (!daemon.exited) signal(daemon.pid, 'SIGKILL');
    }
    for (const pid of this.leftovers()) signal(pid, 'SIGKILL');
    await sleep(300);
    return this.leftovers();
  }
}
