/**
 * Whether a licence counts as licensed software for the 2026 target ("100% of PCs have
 * licensed Windows, Office, antivirus"). Pure: status, channel and KMS host in, a yes/no/
 * unknown and the sentence saying why out. A KMS activation counts only when its host is on
 * the organisation's allow-list: "licensed" by anyone else's KMS host is a pirate activation.
 */
import type { LicenseEntry } from '../../schema/index.js';

export type LicenceFacts = Omit<LicenseEntry, 'licensedSoftware' | 'verdictReason'>;
export type LicenceVerdict = Pick<LicenseEntry, 'licensedSoftware' | 'verdictReason'>;

/** SoftwareLicensingProduct.LicenseStatus names, 0..6. */
export const LICENSE_STATUS_NAMES = ['Unlicensed', 'Licensed', 'OOBGrace', 'OOTGrace', 'NonGenuineGrace', 'Notification', 'ExtendedGrace'];

/**
 * @example statusFromCode(5) // 'notification'
 */
export function statusFromCode(code: number | null): LicenseEntry['status'] {
  switch (code) {
    case 0:
      return 'unlicensed';
    case 1:
      return 'licensed';
    case 2:
    case 3:
    case 4:
    case 6:
      return 'grace';
    case 5:
      return 'notification';
    default:
      return 'unknown';
  }
}

/**
 * The channel from SPP's ProductKeyChannel and Description (`OEM:DM`, `Volume:GVLK`,
 * `VOLUME_KMSCLIENT channel`, `TIMEBASED_SUB channel`, `RETAIL(Grace) channel`...).
 */
export function channelOf(...texts: (string | null | undefined)[]): LicenseEntry['channel'] {
  const t = texts.filter(Boolean).join(' ').toUpperCase();
  if (/TIMEBASED_SUB|SUBSCRIPTION/.test(t)) return 'subscription';
  if (/KMSCLIENT|KMS_CLIENT|VOLUME:GVLK|VOLUME_KMS\b|KMS[ _]?HOST/.test(t)) return 'volume_kms';
  if (/\bMAK\b|VOLUME:MAK|VOLUME_MAK/.test(t)) return 'volume_mak';
  if (/OEM/.test(t)) return 'oem';
  if (/RETAIL/.test(t)) return 'retail';
  return 'unknown';
}

/** Host part of `host:port`, lower case, without a trailing dot or brackets. */
export function normaliseKmsHost(value: string): string {
  let v = value.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) return bracketed[1]!;
  if ((v.match(/:/g) ?? []).length === 1) v = v.replace(/:\d+$/, '');
  return v.replace(/\.$/, '');
}

const CHANNEL_LABELS: Record<LicenseEntry['channel'], string> = {
  oem: 'OEM channel',
  retail: 'retail channel',
  volume_kms: 'volume KMS channel',
  volume_mak: 'volume MAK channel',
  subscription: 'subscription',
  unknown: 'channel not reported',
};

const isLoopback = (host: string) => /^127\./.test(host) || host === '::1' || host === 'localhost';

const describeStatus = (f: LicenceFacts): string => {
  const name = f.statusCode !== null ? LICENSE_STATUS_NAMES[f.statusCode] : undefined;
  return name ? `${f.status} (LicenseStatus ${f.statusCode}, ${name})` : f.status;
};

/**
 * @param kmsAllowList the collector's allow-list, or null when this run had no collector config
 * @example judgeLicence({...facts, channel: 'volume_kms', kmsHost: 'kms.example.ir'}, ['kms.vks.gov.vn'])
 *          // {licensedSoftware: false, verdictReason: 'activated by KMS host kms.example.ir, which is not on ...'}
 */
export function judgeLicence(f: LicenceFacts, kmsAllowList: readonly string[] | null): LicenceVerdict {
  if (f.status === 'unknown') return { licensedSoftware: null, verdictReason: 'the licence status could not be read' };
  if (f.status !== 'licensed') {
    const fix = f.status === 'grace' ? 'activate it before the grace period ends' : 'activate it with a genuine key';
    const nonGenuine = f.statusCode === 4 ? ' Windows judged this copy non-genuine;' : '';
    return { licensedSoftware: false, verdictReason: `not activated: ${describeStatus(f)};${nonGenuine} ${fix}` };
  }
  if (f.channel !== 'volume_kms') {
    return { licensedSoftware: true, verdictReason: `activated (${CHANNEL_LABELS[f.channel]})` };
  }
  if (!f.kmsHost) {
    return { licensedSoftware: null, verdictReason: 'activated by KMS, but the KMS host that activated it is not recorded; run `slmgr /dlv` on the machine to see it' };
  }
  const host = normaliseKmsHost(f.kmsHost);
  if (isLoopback(host)) {
    return {
      licensedSoftware: false,
      verdictReason: `activated by KMS host ${f.kmsHost}, an address on this machine itself: a KMS emulator (KMSpico, KMS_VL_ALL and the like) is a pirate activation, not licensed software`,
    };
  }
  if (kmsAllowList === null) {
    return {
      licensedSoftware: null,
      verdictReason: `activated by KMS host ${f.kmsHost}; this run had no KMS allow-list from the collector (offline or --output), so the host could not be checked`,
    };
  }
  if (kmsAllowList.some((allowed) => normaliseKmsHost(allowed) === host)) {
    return { licensedSoftware: true, verdictReason: `activated by the organisation's KMS host ${f.kmsHost}` };
  }
  const list = kmsAllowList.length
    ? `the organisation's KMS allow-list (${kmsAllowList.join(', ')})`
    : 'the organisation\'s KMS allow-list, which is empty (add the organisation\'s KMS hosts to licensing.kmsAllowList in the collector config)';
  return {
    licensedSoftware: false,
    verdictReason: `activated by KMS host ${f.kmsHost}, which is not on ${list}: an activation from a KMS host the organisation does not list is not licensed software (a pirate KMS is the usual cause); if the host is legitimate, add it to the allow-list`,
  };
}
