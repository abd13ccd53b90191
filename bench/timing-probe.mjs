// Preloaded with `node --import ./bench/timing-probe.mjs bin/clip-eval.js ...`: records when each
// onnxruntime session is created and when each run starts and ends (milliseconds since the process
// started), and writes them to $TIMING_OUT as JSON when the process exits, with its peak RSS (KiB), CPU
// seconds and minor page faults.
// The probe wraps onnxruntime-node's own InferenceSession (the module instance the harness loads), so
// nothing in src/ knows about it.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../package.json', import.meta.url));
const events = { creates: [], runs: [] };
if (process.env.TIMING_OUT) {
  const ort = require('onnxruntime-node');
  const create = ort.InferenceSession.create.bind(ort.InferenceSession);
  ort.InferenceSession.create = async (...args) => {
    const start = performance.now();
    const session = await create(...args);
    const entry = { file: typeof args[0] === 'string' ? args[0] : '(bytes)', start, end: performance.now() };
    events.creates.push(entry);
    const run = session.run.bind(session);
    session.run = async (feeds, ...rest) => {
      const first = Object.values(feeds)[0];
      const record = { file: entry.file, dims: first?.dims ? [...first.dims] : [], start: performance.now(), end: 0 };
      try {
        return await run(feeds, ...rest);
      } finally {
        record.end = performance.now();
        events.runs.push(record);
      }
    };
    return session;
  };
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(process.env.TIMING_OUT, JSON.stringify({ ...events, exit: performance.now(), maxRssKiB: usage.maxRSS, userS: usage.userCPUTime / 1e6, sysS: usage.systemCPUTime / 1e6, minorFaults: usage.minorPageFault }));
  });
}
