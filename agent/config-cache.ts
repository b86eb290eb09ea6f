/**
 * The last config the collector gave, kept on disk. When the collector cannot be reached (the
 * WAN is exactly what may be down) the agent still probes its unit's targets from this copy,
 * so the spooled report shows the outage instead of probing nothing.
 */
import { readFile } from 'node:fs/promises';
import { AgentConfig } from '../schema/index.js';
import { writeFileDurably } from '../util/durable-write.js';

export async function saveConfigCache(path: string, config: AgentConfig): Promise<void> {
  await writeFileDurably(path, JSON.stringify(config));
}

/** The cached config, or null when there is none or it no longer fits the schema. */
export async function loadConfigCache(path: string): Promise<AgentConfig | null> {
  try {
    const parsed = AgentConfig.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
