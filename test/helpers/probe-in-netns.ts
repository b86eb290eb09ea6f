/**
 * Runs the agent's probes collector in the current network namespace and prints its section as
 * JSON. The namespace tests start it with `ip netns exec <ws> node --import tsx` and pass an
 * AgentConfig as the first argument.
 */
import { probesCollector } from '../../agent/collectors/probes.js';
import { AgentConfig } from '../../schema/index.js';

const config = AgentConfig.parse(JSON.parse(process.argv[2] ?? 'null'));
const section = await probesCollector.collect({ now: new Date(), config, replayDir: null });
process.stdout.write(JSON.stringify(section) + '\n');
