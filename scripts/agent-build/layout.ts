/**
 * What `npm run build:agent` writes into `dist-agent/` (docs/deploy.md): the names the install
 * scripts, the docs and the tests rely on.
 */
export const TARGETS = ['linux-x64', 'win-x64'] as const;
export type Target = (typeof TARGETS)[number];

export const EXECUTABLES: Record<Target, string> = {
  'linux-x64': 'readiness-agent-linux-x64',
  'win-x64': 'readiness-agent-win-x64.exe',
};

/** `sha256sum -c SHA256SUMS` checks every file the build wrote. */
export const SUMS_FILE = 'SHA256SUMS';
/** Versions, hashes of the Node binaries used, what the bundle holds, whether it is signed. */
export const BUILD_INFO_FILE = 'build-info.json';
/** esbuild's metafile of the agent bundle: every source file and package that went in. */
export const BUNDLE_META_FILE = 'agent-bundle.meta.json';

/** Deployment files copied beside the executables, so one folder goes to the share or the USB stick. */
export const DEPLOY_FILES: ReadonlyArray<readonly [from: string, to: string]> = [
  ['deploy/windows/install-agent.ps1', 'install-agent.ps1'],
  ['deploy/linux/install-agent.sh', 'linux/install-agent.sh'],
  ['deploy/linux/uninstall-agent.sh', 'linux/uninstall-agent.sh'],
  ['deploy/linux/readiness-agent.service', 'linux/readiness-agent.service'],
  ['deploy/linux/readiness-agent.timer', 'linux/readiness-agent.timer'],
];

/** collect-report.ps1 with the posture script written into it: one file for old Windows PCs. */
export const COLLECT_REPORT = { from: 'deploy/windows/collect-report.ps1', to: 'collect-report.ps1' } as const;

/** Node's own fuse for single executable applications (postject flips it to `:1`). */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
export const SEA_RESOURCE = 'NODE_SEA_BLOB';

/**
 * Where the agent's code may come from. Anything else in the bundle (the collector, the rule
 * engine, report formats, exceljs, hono...) fails the build: workstations carry the agent only.
 */
export const BUNDLE_ALLOWED: ReadonlyArray<string | RegExp> = [
  'agent/',
  'schema/',
  'util/',
  // The licence judgement the agent shows as a hint and the collector makes again: pure, schema types only.
  'rules/licence-verdict.ts',
  'cli/agent-main.ts',
  'cli/program.ts',
  'cli/fail.ts',
  'cli/options.ts',
  'cli/table.ts',
  // The one-screen summary `agent run` prints, in its parts.
  /^cli\/([a-z-]+-)?summary\.ts$/,
  'cli/commands/agent.ts',
  'cli/commands/agent-capture.ts',
  'node_modules/commander/',
  'node_modules/zod/',
  'node_modules/systeminformation/',
  'node_modules/yaml/',
  'node_modules/ping/',
  'node_modules/semver/',
  // The HTTPS dispatcher that trusts the collector's own CA (--ca).
  'node_modules/undici/',
];

/** The inputs of a bundle that are not allowed in it. */
export const disallowedInputs = (inputs: Iterable<string>): string[] =>
  [...inputs].filter((p) => !BUNDLE_ALLOWED.some((a) => (typeof a !== 'string' ? a.test(p) : a.endsWith('/') ? p.startsWith(a) : p === a)));
