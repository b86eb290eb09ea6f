/**
 * Security findings that read the same on every platform once the facts are lists of names
 * and ids: remote-access tools (installed programs, running processes) and PKI signing tokens
 * (USB vendor/product ids), both from the catalogue.
 */
import type { SecuritySection } from '../../schema/index.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { aliasMatcher, matchesProcess, normaliseName } from '../catalogue/match.js';

type RemoteAccessFinding = SecuritySection['remoteAccessTools'][number];
type SigningToken = SecuritySection['signingTokens'][number];

export interface ProgramName {
  name: string;
  version?: string;
}

/** Name and version, once: Windows display names often carry the version already. */
const describeProgram = (p: ProgramName) => (p.version && !p.name.includes(p.version) ? `${p.name} ${p.version}` : p.name);

/**
 * @param programs installed programs (Windows display names, Linux package names)
 * @param running running process or service names
 * @example findRemoteAccessTools(catalogue, [{name: 'UltraViewer version 6.6'}], ['UltraViewer_Service'])
 */
export function findRemoteAccessTools(catalogue: Catalogue, programs: readonly ProgramName[], running: readonly string[]): RemoteAccessFinding[] {
  const found: RemoteAccessFinding[] = [];
  // Normalise each name once: a Linux machine lists a thousand packages.
  const programNames = programs.map((p) => normaliseName(p.name));
  const runningNames = running.map(normaliseName);
  for (const tool of catalogue.remoteAccess) {
    const isTool = aliasMatcher(tool.aliases);
    const installed = programs.filter((_, i) => isTool(programNames[i]!));
    const processes = [...new Set(running.filter((r, i) => matchesProcess(r, tool.processes) || isTool(runningNames[i]!)))];
    if (!installed.length && !processes.length) continue;
    const evidence = [
      ...(installed.length ? [`installed: ${installed.slice(0, 3).map(describeProgram).join(', ')}`] : []),
      ...(processes.length ? [`running: ${processes.slice(0, 3).join(', ')}`] : []),
    ].join('; ');
    found.push({ name: tool.name, installed: installed.length > 0, running: processes.length > 0, evidence });
  }
  return found.slice(0, 64);
}

export interface UsbIds {
  vendorId: string | null;
  productId: string | null;
}

/** Known signing tokens among the USB devices, one entry per vendor/product pair. */
export function findSigningTokens(catalogue: Catalogue, devices: readonly UsbIds[]): SigningToken[] {
  const seen = new Set<string>();
  const tokens: SigningToken[] = [];
  for (const d of devices) {
    if (!d.vendorId) continue;
    const model = catalogue.signingTokens.find(
      (t) => t.vendorId === d.vendorId && (t.productIds.length === 0 || (d.productId !== null && t.productIds.includes(d.productId))),
    );
    const id = `${d.vendorId}:${d.productId ?? ''}`;
    if (!model || seen.has(id)) continue;
    seen.add(id);
    tokens.push({ name: model.name, vendorId: d.vendorId, productId: d.productId });
  }
  return tokens.slice(0, 32);
}
