/**
 * Preloaded into the analyser by bench/correlation.mjs: at exit, prints on stderr the wall and CPU
 * time since the first SIGINT/SIGTERM, so the time from Ctrl-C to the report can be read apart
 * from the machine's load (CPU seconds) as well as measured (wall seconds).
 */

let at = null;
const mark = () => {
  at ??= { t: process.hrtime.bigint(), cpu: process.cpuUsage() };
};
// Runs before the analyser's own listeners; having a listener changes nothing (it has its own).
process.prependListener('SIGINT', mark);
process.prependListener('SIGTERM', mark);
process.on('exit', () => {
  if (!at) return;
  const c = process.cpuUsage(at.cpu);
  process.stderr.write(`kld-bench-after-signal wall=${(Number(process.hrtime.bigint() - at.t) / 1e9).toFixed(3)} cpu=${((c.user + c.system) / 1e6).toFixed(3)}\n`);
});
