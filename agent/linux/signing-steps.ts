/**
 * What the agent reads on Linux for the signing section: the system's trusted CA bundle, to
 * find the sector's root CA in it. Personal certificates on tokens are not read on Linux.
 */
import { readTextFile } from '../exec/run-command.js';
import type { RawOutput } from '../exec/recorded.js';
import type { LinuxHost } from './host.js';

export const SIGNING_KEYS = { caBundle: 'linux/ca-bundle.pem' } as const;

/** Debian/Ubuntu, then Red Hat's location of the same bundle. */
export const CA_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'];

/** `host`: where to read it (agent/linux/host.ts); this machine by default. */
export const gatherSigningOutputs = (host: Pick<LinuxHost, 'readText'> = { readText: readTextFile }): Promise<RawOutput[]> =>
  Promise.all([host.readText(SIGNING_KEYS.caBundle, CA_BUNDLES)]);
