/**
 * Progress on stderr: a redrawn bar when stderr is a terminal, a plain line every few seconds otherwise
 * (logs of cluster jobs). Machine-readable output never goes here.
 */
export interface Progress {
  /** Advance by `n` items; `note` is shown after the counts (e.g. "312 cached"). */
  tick(n: number, note?: string): void;
  done(note?: string): void;
}

export interface ProgressOptions {
  readonly label: string;
  readonly total: number | undefined;
  readonly unit?: string;
  readonly stream?: NodeJS.WriteStream;
  /** How often a line is printed when the stream is not a terminal (a terminal redraws its bar every 100 ms). */
  readonly intervalMs: number;
  readonly quiet?: boolean;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const unit = options.unit ?? 'images';
  const tty = stream.isTTY === true;
  const interval = tty ? 100 : options.intervalMs;
  const start = performance.now();
  let count = 0;
  let lastDraw = 0;
  let lastNote = '';

  const line = (final: boolean): string => {
    const elapsed = (performance.now() - start) / 1000;
    const rate = elapsed > 0 ? count / elapsed : 0;
    const total = options.total;
    const counts = total !== undefined ? `${count}/${total}` : `${count}`;
    const eta = !final && total !== undefined && rate > 0 ? `, ETA ${duration((total - count) / rate)}` : '';
    const bar = tty && total ? `[${'#'.repeat(Math.round((20 * count) / Math.max(total, 1))).padEnd(20, '.')}] ` : '';
    const note = lastNote ? `, ${lastNote}` : '';
    return `${options.label}: ${bar}${counts} ${unit}, ${rate.toFixed(1)} ${unit}/s${eta}${final ? `, ${duration(elapsed)}` : ''}${note}`;
  };

  const draw = (final: boolean) => {
    if (options.quiet) return;
    if (tty) stream.write(`\r\x1b[2K${line(final)}${final ? '\n' : ''}`);
    else stream.write(`${line(final)}\n`);
  };

  return {
    tick(n, note) {
      count += n;
      if (note !== undefined) lastNote = note;
      const now = performance.now();
      if (now - lastDraw >= interval) {
        lastDraw = now;
        draw(false);
      }
    },
    done(note) {
      if (note !== undefined) lastNote = note;
      draw(true);
    },
  };
}
