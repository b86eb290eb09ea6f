/**
 * `netsh wlan show interfaces`: one block of `Key : Value` lines per wireless interface. The
 * labels follow the Windows display language ("State", "Zustand", "Состояние"), so the parser
 * leans on what is the same everywhere: `SSID` and `BSSID` are never translated, the GUID and
 * the signal have fixed shapes, and the SSID line appears only while connected. A value may
 * go on over the next line ("Radio status : Hardware On" / "Software Off").
 */
import type { WifiLink } from '../../schema/index.js';

type Block = Map<string, string>;

function blocks(text: string): Block[] {
  const out: Block[] = [];
  let current: Block | null = null;
  let firstKey: string | null = null;
  let lastKey: string | null = null;
  for (const raw of text.replace(/\r/g, '').split('\n')) {
    const m = /^\s{2,}([^:]+?)\s*:\s?(.*)$/.exec(raw);
    if (m) {
      const key = m[1]!.trim();
      // MAC addresses contain colons: only the first " : " after the padded label separates.
      const value = m[2]!.trim();
      if (firstKey === null) firstKey = key;
      if (key === firstKey || current === null) {
        current = new Map();
        out.push(current);
      }
      current.set(key, value);
      lastKey = key;
    } else if (current && lastKey && /^\s{8,}\S/.test(raw)) {
      current.set(lastKey, `${current.get(lastKey)} ${raw.trim()}`.trim());
    }
  }
  return out;
}

/**
 * @returns one link per interface; [] when the machine has no wireless interface; null when
 *   the WLAN service is not running (nothing can be said).
 */
export function parseNetshWlanInterfaces(text: string): WifiLink[] | null {
  if (/wlansvc/i.test(text) && !/\bSSID\b/.test(text)) return null;
  return blocks(text)
    .filter((b) => [...b.values()].some((v) => /^\{?[0-9a-f]{8}-[0-9a-f]{4}-/i.test(v)) || b.has('SSID') || b.has('State'))
    .map((b) => {
      const name = [...b.values()][0] ?? '';
      const ssid = b.get('SSID') ?? '';
      const state = (b.get('State') ?? '').toLowerCase();
      const signal = [...b.values()].find((v) => /^\d{1,3}%$/.test(v));
      return {
        interface: name,
        ssid,
        connected: state ? state === 'connected' : ssid !== '',
        bssid: b.get('AP BSSID') ?? b.get('BSSID') ?? '',
        authentication: b.get('Authentication') ?? '',
        signalPct: signal ? Math.min(100, Number(signal.slice(0, -1))) : null,
        source: 'netsh wlan show interfaces',
      };
    });
}
