/** Preloaded by bench:agent: prints this process's peak RSS when it exits. */
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
