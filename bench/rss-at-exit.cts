/**
 * Preloaded by bench:agent (NODE_OPTIONS=--require): prints this process's peak RSS when it
 * exits. CommonJS, because the one-file executable takes `--require` preloads only.
 */
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
