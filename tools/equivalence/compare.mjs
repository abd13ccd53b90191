#!/usr/bin/env node
// Compares two folders made by tools/equivalence/run.mjs (e.g. before and after a refactor), file by file.
//
// Usage: node tools/equivalence/compare.mjs A B [--ignore-key KEY ...] [--show N]
//
// - Files only in one tree are listed.
// - Not compared: _run.json (which checkout, when, how long), logs/*.stderr.txt (progress lines carry
//   timings and rates), _cache/ (feature caches and the demo's rendered suite: inputs, not outputs).
// - Every text file (JSON, JSONL, CSV, Markdown, HTML, SVG, TXT, stdout logs) is normalised first: each run's
//   own folder and checkout path (from its _run.json, and where the folder is now) become <OUT> and
//   <CHECKOUT>; ISO 8601 time stamps become <TIME>; the two elapsed-time phrases clip-eval prints into text
//   ("Total time 166 s", "(166 s)") become <SECONDS>.
// - JSON and JSONL are then parsed and these keys dropped at any depth: time, seconds, timings, started,
//   finished, duration, elapsed and *_seconds (plus --ignore-key KEY or PARENT.KEY); the rest must be equal,
//   key order included. Other text must be equal byte for byte after normalisation (the first differing
//   line is shown). Everything else (.npy, .png, ...) byte for byte; for .npy the shape and the largest
//   difference are shown.
// Exit status: 0 identical, 1 differences (all listed), 2 wrong usage.
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

const IGNORED_KEYS = ['time', 'seconds', 'timings', 'started', 'finished', 'duration', 'elapsed'];
const IGNORED_KEY_SUFFIX = '_seconds';
const NOT_COMPARED = [
  { test: (p) => p === '_run.json', why: 'run metadata: checkout, commit, dates, durations' },
  { test: (p) => p.startsWith('_cache/'), why: 'feature caches and the rendered demo suite (inputs of the run)' },
  { test: (p) => p.startsWith('logs/') && p.endsWith('.stderr.txt'), why: 'progress on stderr: timings and rates' },
];
const TEXT_EXTENSIONS = ['.json', '.jsonl', '.csv', '.tsv', '.md', '.html', '.svg', '.txt'];
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const TIMING_PHRASES = [
  { re: /Total time \d+(?:\.\d+)? s\b/g, to: 'Total time <SECONDS> s', what: "'Total time N s' (demo report intro)" },
  { re: /\(\d+(?:\.\d+)? s\)/g, to: '(<SECONDS> s)', what: "'(N s)' (demo stdout's last line)" },
];

function usage(message) {
  process.stderr.write(`${message}\nusage: node tools/equivalence/compare.mjs A B [--ignore-key KEY|PARENT.KEY ...] [--show N]\n`);
  process.exit(2);
}

const positional = [];
const extraKeys = [];
let show = 20;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--ignore-key') extraKeys.push(argv[++i] ?? usage('--ignore-key needs a value'));
  else if (a === '--show') show = Number(argv[++i]);
  else if (a === '--help' || a === '-h') usage('');
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else positional.push(a);
}
if (positional.length !== 2) usage('give two folders');
if (!Number.isInteger(show) || show < 1) usage('--show N: a positive integer');

/** One side: its folder, the paths to replace by placeholders (longest first), its run metadata. */
function side(dir) {
  const root = resolve(dir);
  if (!existsSync(root) || !lstatSync(root).isDirectory()) usage(`${dir} is not a folder`);
  let meta = {};
  try {
    meta = JSON.parse(readFileSync(join(root, '_run.json'), 'utf8'));
  } catch {
    // not made by run.mjs, or _run.json missing: only the folder's own path is replaced
  }
  const replacements = [];
  for (const p of new Set([meta.out, root, realpathSync(root)].filter(Boolean))) replacements.push([p, '<OUT>']);
  if (meta.checkout) replacements.push([meta.checkout, '<CHECKOUT>']);
  replacements.sort((x, y) => y[0].length - x[0].length);
  return { root, meta, replacements };
}
const A = side(positional[0]);
const B = side(positional[1]);

function walk(root) {
  const out = [];
  const visit = (rel) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(path);
      else out.push(path);
    }
  };
  visit('');
  return out.sort();
}

const counts = { time: 0, phrases: new Map(), keys: new Map(), paths: 0 };
const bump = (map, key, n = 1) => map.set(key, (map.get(key) ?? 0) + n);

function normaliseText(text, s) {
  let t = text;
  for (const [from, to] of s.replacements) {
    const parts = t.split(from);
    counts.paths += parts.length - 1;
    t = parts.join(to);
  }
  t = t.replace(ISO_TIME, () => (counts.time++, '<TIME>'));
  for (const p of TIMING_PHRASES) t = t.replace(p.re, () => (bump(counts.phrases, p.what), p.to));
  return t;
}

function ignoredKey(key, parent) {
  if (IGNORED_KEYS.includes(key)) return key;
  if (key.endsWith(IGNORED_KEY_SUFFIX)) return `*${IGNORED_KEY_SUFFIX}`;
  for (const k of extraKeys) {
    if (k === key) return k;
    if (k.includes('.') && parent !== undefined && k === `${parent}.${key}`) return k;
  }
  return null;
}

/** A copy of a parsed JSON value without the ignored keys (counted). */
function strip(value, parent) {
  if (Array.isArray(value)) return value.map((v) => strip(v, parent));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    const rule = ignoredKey(k, parent);
    if (rule) bump(counts.keys, rule);
    else out[k] = strip(v, k);
  }
  return out;
}

/** Up to `limit` paths where two JSON values differ (key order aside). */
function jsonDiffs(a, b, path = '', found = [], limit = 5) {
  if (found.length >= limit) return found;
  const kind = (v) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  const short = (v) => {
    const s = JSON.stringify(v);
    return s === undefined ? 'undefined' : s.length > 120 ? `${s.slice(0, 117)}...` : s;
  };
  if (kind(a) !== kind(b)) found.push(`${path || '(top)'}: ${short(a)} vs ${short(b)}`);
  else if (kind(a) === 'array') {
    if (a.length !== b.length) found.push(`${path || '(top)'}: ${a.length} vs ${b.length} elements`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) jsonDiffs(a[i], b[i], `${path}[${i}]`, found, limit);
  } else if (kind(a) === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in b)) found.push(`${p}: only in A`);
      else if (!(k in a)) found.push(`${p}: only in B`);
      else jsonDiffs(a[k], b[k], p, found, limit);
      if (found.length >= limit) break;
    }
  } else if (a !== b) found.push(`${path || '(top)'}: ${short(a)} vs ${short(b)}`);
  return found.slice(0, limit);
}

function firstLineDiff(a, b) {
  const la = a.split('\n');
  const lb = b.split('\n');
  let differing = 0;
  let first = -1;
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) {
      differing++;
      if (first < 0) first = i;
    }
  }
  const cut = (s) => (s === undefined ? '(no such line)' : s.length > 200 ? `${s.slice(0, 197)}...` : s);
  return [`line ${first + 1} differs (${differing} differing line(s); ${la.length} vs ${lb.length} lines)`, `  A: ${cut(la[first])}`, `  B: ${cut(lb[first])}`];
}

function parseJsonFile(text, path) {
  if (path.endsWith('.jsonl')) return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
  return JSON.parse(text);
}

/** The header and values of a little-endian .npy (float32/float64/int64/int32/uint8), or null. */
function readNpy(buf) {
  if (buf.length < 10 || buf.toString('latin1', 1, 6) !== 'NUMPY') return null;
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + headerLen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1].split(',').map((x) => x.trim()).filter(Boolean).map(Number);
  const body = buf.subarray(start + headerLen);
  const copy = new Uint8Array(body).buffer;
  const views = { '<f4': Float32Array, '<f8': Float64Array, '<i8': BigInt64Array, '<i4': Int32Array, '|u1': Uint8Array };
  const View = views[descr];
  if (!View || !shape || copy.byteLength % View.BYTES_PER_ELEMENT !== 0) return { descr, shape, data: null };
  return { descr, shape, data: new View(copy) };
}

function npyDiff(a, b) {
  const x = readNpy(a);
  const y = readNpy(b);
  if (!x || !y) return [];
  if (x.descr !== y.descr || JSON.stringify(x.shape) !== JSON.stringify(y.shape)) return [`  A: ${x.descr} [${x.shape}]`, `  B: ${y.descr} [${y.shape}]`];
  if (!x.data || !y.data || x.data.length !== y.data.length) return [`  ${x.descr} [${x.shape}]`];
  let n = 0;
  let max = 0;
  let at = -1;
  for (let i = 0; i < x.data.length; i++) {
    if (x.data[i] !== y.data[i] && !(Number.isNaN(x.data[i]) && Number.isNaN(y.data[i]))) {
      n++;
      const d = Math.abs(Number(x.data[i]) - Number(y.data[i]));
      if (!(d <= max)) {
        max = d;
        at = i;
      }
    }
  }
  return [`  ${x.descr} [${x.shape}]: ${n} of ${x.data.length} values differ, largest difference ${max} (at flat index ${at})`];
}

function compareFile(path) {
  const a = readFileSync(join(A.root, path));
  const b = readFileSync(join(B.root, path));
  const isText = TEXT_EXTENSIONS.some((e) => path.endsWith(e));
  if (!isText) {
    if (a.equals(b)) return null;
    let offset = 0;
    while (offset < Math.min(a.length, b.length) && a[offset] === b[offset]) offset++;
    const lines = [`bytes differ (${a.length} vs ${b.length} bytes, first at offset ${offset})`];
    if (path.endsWith('.npy')) lines.push(...npyDiff(a, b));
    return lines;
  }
  const ta = normaliseText(a.toString('utf8'), A);
  const tb = normaliseText(b.toString('utf8'), B);
  if (path.endsWith('.json') || path.endsWith('.jsonl')) {
    let ja;
    let jb;
    try {
      ja = strip(parseJsonFile(ta, path));
      jb = strip(parseJsonFile(tb, path));
    } catch {
      return ta === tb ? null : ['not valid JSON on one side;', ...firstLineDiff(ta, tb)];
    }
    if (JSON.stringify(ja) === JSON.stringify(jb)) return null;
    const diffs = jsonDiffs(ja, jb);
    if (diffs.length === 0) return ['same keys and values, key order differs'];
    return diffs.map((d) => `  ${d}`);
  }
  if (ta === tb) return null;
  return firstLineDiff(ta, tb);
}

// ---------------------------------------------------------------------------------------------------------

const filesA = walk(A.root);
const filesB = walk(B.root);
const setA = new Set(filesA);
const setB = new Set(filesB);
const notCompared = new Map();
const skip = (p) => {
  const rule = NOT_COMPARED.find((r) => r.test(p));
  if (rule) bump(notCompared, rule.why);
  return rule !== undefined;
};
const onlyA = filesA.filter((p) => !setB.has(p) && !skip(p));
const onlyB = filesB.filter((p) => !setA.has(p) && !skip(p));
const common = filesA.filter((p) => setB.has(p) && !skip(p));

const differences = [];
for (const path of common) {
  const d = compareFile(path);
  if (d) differences.push({ path, lines: d });
}

const describe = (s) => `${s.root}${s.meta.commit ? ` (commit ${s.meta.commit.slice(0, 12)}${s.meta.tracked_changes?.length ? ', with uncommitted changes' : ''})` : ''}`;
const out = [];
out.push(`A: ${describe(A)}`, `B: ${describe(B)}`);
out.push(`not compared: ${[...notCompared].map(([why, n]) => `${n} file(s): ${why}`).join('; ') || 'nothing'}`);
out.push(`normalised (counts over both trees): ${counts.paths} run-folder/checkout path(s) -> <OUT>/<CHECKOUT>; ${counts.time} ISO 8601 time stamp(s) -> <TIME>; ${TIMING_PHRASES.map((p) => `${counts.phrases.get(p.what) ?? 0} x ${p.what}`).join('; ')}`);
const keyList = [...IGNORED_KEYS, `*${IGNORED_KEY_SUFFIX}`, ...extraKeys];
out.push(`JSON keys dropped before comparing (counts over both trees): ${keyList.map((k) => `${k} (${counts.keys.get(k) ?? 0})`).join(', ')}`);
out.push(`${common.length} file(s) compared`);
for (const p of onlyA) out.push(`only in A: ${p}`);
for (const p of onlyB) out.push(`only in B: ${p}`);
for (const [i, d] of differences.entries()) {
  if (i < show) out.push(`DIFFERS ${d.path}: ${d.lines[0].trim()}`, ...d.lines.slice(1));
}
if (differences.length > show) {
  out.push(`... and ${differences.length - show} more differing file(s) (--show N to see more):`);
  for (const d of differences.slice(show)) out.push(`DIFFERS ${d.path}`);
}
const problems = onlyA.length + onlyB.length + differences.length;
out.push(problems === 0 ? 'IDENTICAL' : `${differences.length} differing file(s), ${onlyA.length} only in A, ${onlyB.length} only in B`);
process.stdout.write(`${out.join('\n')}\n`);
process.exit(problems === 0 ? 0 : 1);
