/** The agent's version, sent in every report. Kept in step with package.json by a test. */
export const AGENT_VERSION = '0.1.0';
