/** A unit's probe targets are checked when they are loaded, with a message per field. */
import { describe, expect, it } from 'vitest';
import { ProbeTarget, describeIssues } from '../../schema/index.js';

const base = { scope: 'wan', role: 'wan_endpoint' } as const;

describe('ProbeTarget', () => {
  it.each([
    { name: 'icmp to an address', target: { ...base, kind: 'icmp', target: '172.16.0.10' } },
    { name: 'tcp with a port', target: { ...base, kind: 'tcp', target: 'qlahs.vks.test', port: 443 } },
    { name: 'dns with a server address', target: { ...base, kind: 'dns', target: 'qlahs.vks.test', server: '172.16.0.53' } },
    { name: 'dns with a server address and port', target: { ...base, kind: 'dns', target: 'qlahs.vks.test', server: '127.0.0.1:5353' } },
    { name: 'dns with an IPv6 server and port', target: { ...base, kind: 'dns', target: 'qlahs.vks.test', server: '[fd00::53]:53' } },
    { name: 'https URL', target: { ...base, kind: 'http', target: 'https://qlahs.vks.test/health' } },
  ])('accepts $name', ({ target }) => {
    expect(ProbeTarget.safeParse(target).success).toBe(true);
  });

  it.each([
    { name: 'tcp without a port', target: { ...base, kind: 'tcp', target: '172.16.0.10' }, says: 'port: a tcp target needs a port' },
    { name: 'dns without a server', target: { ...base, kind: 'dns', target: 'qlahs.vks.test' }, says: 'server: a dns target needs the server' },
    { name: 'dns with a server name', target: { ...base, kind: 'dns', target: 'qlahs.vks.test', server: 'ns1.vks.test' }, says: 'server: use an IP address' },
    { name: 'http without a scheme', target: { ...base, kind: 'http', target: 'qlahs.vks.test/health' }, says: 'target: an http target is a full http:// or https:// URL' },
    { name: 'http with another scheme', target: { ...base, kind: 'http', target: 'ftp://qlahs.vks.test/' }, says: 'target: an http target' },
    { name: 'an unknown scope', target: { ...base, scope: 'internet', kind: 'icmp', target: '172.16.0.10' }, says: 'scope' },
  ])('refuses $name', ({ target, says }) => {
    const parsed = ProbeTarget.safeParse(target);
    expect(parsed.success).toBe(false);
    expect(describeIssues(parsed.error!)).toContain(says);
  });
});
