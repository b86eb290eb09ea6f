/**
 * The one list of collectors. Adding a subject means adding a file and one line here; the
 * run loop, replay and tests pick it up from this list.
 */
import type { Collector } from './types.js';
import { osCollector } from './os.js';
import { hardwareCollector } from './hardware.js';
import { networkCollector } from './network.js';
import { peripheralsCollector } from './peripherals.js';
import { softwareCollector } from './software.js';
import { licensingCollector } from './licensing.js';
import { antivirusCollector } from './antivirus.js';
import { securityCollector } from './security.js';
import { probesCollector } from './probes.js';
import { connectivityCollector } from './connectivity.js';
import { signingCollector } from './signing.js';

export const COLLECTORS: readonly Collector[] = [
  osCollector,
  hardwareCollector,
  networkCollector,
  peripheralsCollector,
  softwareCollector,
  licensingCollector,
  antivirusCollector,
  securityCollector,
  probesCollector,
  connectivityCollector,
  signingCollector,
] as Collector[];
