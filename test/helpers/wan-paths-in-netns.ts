/**
 * Runs, in the current network namespace, what the agent gathers for `no-internet-path`: the
 * connectivity section (iproute2, sysfs, nmcli/iw where installed) and the probes collector
 * with the AgentConfig given as the first argument; prints both sections as JSON. The
 * namespace tests start it with `ip netns exec <ws> node --import tsx`.
 */
import { loadCatalogue } from '../../agent/catalogue/catalogue.js';
import { probesCollector } from '../../agent/collectors/probes.js';
import { gatherConnectivityOutputs } from '../../agent/linux/connectivity-steps.js';
import { parseLinuxConnectivity } from '../../agent/linux/connectivity.js';
import { AgentConfig } from '../../schema/index.js';

const config = AgentConfig.parse(JSON.parse(process.argv[2] ?? 'null'));
const outputs = await gatherConnectivityOutputs();
const connectivity = parseLinuxConnectivity(new Map(outputs.map((o) => [o.key, o])), loadCatalogue());
const probes = await probesCollector.collect({ now: new Date(), config, replayDir: null });
process.stdout.write(JSON.stringify({ connectivity, probes }) + '\n');
