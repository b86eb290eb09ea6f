/**
 * Name matching for the catalogue: the agent and the collector's software policy must read a
 * program name the same way, so the matcher lives in util/name-match.ts and is re-exported
 * here for the agent's parsers.
 */
export { aliasMatcher, matchesAlias, matchesProcess, normaliseName } from '../../util/name-match.js';
