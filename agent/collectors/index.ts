/**
 * The one list of collectors. Adding a subject means adding a file and one line here; the
 * run loop, replay and tests pick it up from this list.
 */
import type { Collector } from './types.js';
import { osCollector } from './os.js';
import { hardwareCollector } from './hardware.js';
import { networkCollector } from './network.js';
import { peripheralsCollector } from './peripherals.js';

export const COLLECTORS: readonly Collector[] = [
  osCollector,
  hardwareCollector,
  networkCollector,
  peripheralsCollector,
] as Collector[];
