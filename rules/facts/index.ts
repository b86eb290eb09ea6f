/**
 * The one list of facts a rule can name. Adding a fact means adding it to its subject's file;
 * the compiler, the docs table and the tests pick it up from here.
 */
import type { FactInfo } from '../../schema/index.js';
import type { Fact } from './types.js';
import { hostFacts } from './host.js';
import { osFacts } from './os.js';
import { hardwareFacts } from './hardware.js';
import { licensingFacts } from './licensing.js';
import { antivirusFacts } from './antivirus.js';
import { securityFacts } from './security.js';
import { probeFacts } from './probes.js';
import { clockFacts } from './clock.js';

import { networkFacts } from './network.js';
import { signingFacts } from './signing.js';
import { softwarePolicyFacts } from './software-policy.js';
import { deviceFacts } from './device.js';
import { agentFacts } from './agent.js';

export const FACTS: readonly Fact[] = [...hostFacts, ...osFacts, ...hardwareFacts, ...licensingFacts, ...antivirusFacts, ...securityFacts, ...probeFacts, ...networkFacts, ...signingFacts, ...softwarePolicyFacts, ...clockFacts, ...deviceFacts, ...agentFacts];

export const FACT_INDEX: ReadonlyMap<string, number> = new Map(FACTS.map((f, i) => [f.name, i]));

let dictionary: Record<string, FactInfo> | undefined;

/** Every fact's label, unit and code names, as an evaluation carries them for its renderers. */
export function factDictionary(): Record<string, FactInfo> {
  dictionary ??= Object.fromEntries(
    FACTS.map((f) => [f.name, { label: f.label, unit: f.unit ?? null, section: f.section, ...(f.values ? { values: f.values } : {}) }]),
  );
  return dictionary;
}
