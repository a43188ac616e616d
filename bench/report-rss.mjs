/**
 * Preloaded into the analyser by the bench when /usr/bin/time is missing: reports the process's
 * peak resident set size on stderr as it exits, in a form the bench parses.
 */

process.on('exit', () => {
  process.stderr.write(`kld-bench-maxrss-kb=${process.resourceUsage().maxRSS}\n`);
});
