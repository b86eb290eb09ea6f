/**
 * `npm run build:agent [-- options]`: see build.ts and docs/deploy.md ("Building the agent").
 * Signing options may also come from the environment, so CI can keep them out of the command line.
 */
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { ROOT, buildAgent } from './build.js';
import { TARGETS } from './layout.js';
import type { Target } from './layout.js';
import type { SigningKey } from './sign.js';

interface Flags {
  out: string;
  cache: string;
  target: Target[];
  signPkcs12?: string;
  signCert?: string;
  signKey?: string;
  signPasswordEnv: string;
  signUrl?: string;
  signTimestampUrl?: string;
}

function signingKey(o: Flags): SigningKey | null {
  const password = process.env[o.signPasswordEnv];
  if (o.signPkcs12) {
    if (o.signCert || o.signKey) throw new Error('give either --sign-pkcs12, or --sign-cert with --sign-key, not both');
    return { kind: 'pkcs12', file: o.signPkcs12, password };
  }
  if (o.signCert || o.signKey) {
    if (!o.signCert || !o.signKey) throw new Error('--sign-cert and --sign-key go together (the certificate chain and its private key, PEM)');
    return { kind: 'pem', cert: o.signCert, key: o.signKey, password };
  }
  return null;
}

const program = new Command()
  .name('build:agent')
  .description('build the one-file agent executables into dist-agent/ (docs/deploy.md)')
  .option('--out <dir>', 'output folder', join(ROOT, 'dist-agent'))
  .option('--cache <dir>', 'where the Node binaries fetched from the npm registry are kept', join(ROOT, 'node_modules', '.cache', 'readiness-agent-build'))
  .addOption(new Option('--target <target...>', 'executables to build').choices([...TARGETS]).default([...TARGETS]))
  .addOption(new Option('--sign-pkcs12 <file>', 'code-signing certificate and key (PKCS#12, .pfx)').env('READINESS_SIGN_PKCS12'))
  .addOption(new Option('--sign-cert <file>', 'code-signing certificate chain (PEM), with --sign-key').env('READINESS_SIGN_CERT'))
  .addOption(new Option('--sign-key <file>', 'its private key (PEM)').env('READINESS_SIGN_KEY'))
  .option('--sign-password-env <name>', 'environment variable holding the key\'s password', 'READINESS_SIGN_PASSWORD')
  .addOption(new Option('--sign-url <url>', 'URL shown with the signature').env('READINESS_SIGN_URL'))
  .addOption(new Option('--sign-timestamp-url <url>', 'RFC 3161 time-stamping server (contacted during the build)').env('READINESS_SIGN_TIMESTAMP_URL'))
  .action(async (o: Flags) => {
    const key = signingKey(o);
    if (key && !o.target.includes('win-x64')) throw new Error('a signing certificate was given but the Windows executable is not being built');
    await buildAgent({
      out: o.out,
      cacheDir: o.cache,
      targets: o.target,
      signing: key ? { key, url: o.signUrl, timestampUrl: o.signTimestampUrl } : null,
    });
  });

program.parseAsync(process.argv).catch((err: Error) => {
  console.error(`build:agent: ${err.message}`);
  process.exit(1);
});
