/**
 * Whether a licence counts as licensed software for the 2026 target ("100% of PCs have
 * licensed Windows, Office, antivirus"). Pure: status, channel, KMS host and days of grace in,
 * a yes/no/unknown and the sentence saying why out. A KMS activation counts only when its host
 * is on the organisation's allow-list and it holds no more than the 180 days a genuine KMS
 * activation gets: "licensed" by anyone else's KMS host, or for decades, is a pirate activation.
 *
 * The agent judges with this when it has the collector's allow-list (a hint, shown on the
 * machine); the collector judges every stored report with it again, against its own
 * allow-list, whatever the agent said (rules/facts/licensing.ts).
 */
import type { LicenceProblem, LicenseEntry } from '../schema/index.js';

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
  // Published ospp.vbs outputs break tokens after an underscore ("TIMEBASED_ SUB channel").
  const t = texts.filter(Boolean).join(' ').toUpperCase().replace(/_\s+/g, '_');
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

/**
 * A genuine KMS client activation is valid for 180 days and renews every 7 days, so it never
 * has more left; KMS38 (until 2038) and KMS4k cracks set the grace to years or centuries.
 */
export const KMS_MAX_GRACE_DAYS = 180;

/**
 * Whole days from SPP's `GracePeriodRemaining` (minutes); null when absent or nonsense.
 * @example graceDaysFromMinutes(259200) // 180
 */
export function graceDaysFromMinutes(minutes: number | null | undefined): number | null {
  return typeof minutes === 'number' && Number.isFinite(minutes) && minutes >= 0 ? Math.floor(minutes / 1440) : null;
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
 * The decision, structured: whether the entry is licensed software and, when it is not (or
 * cannot be told), the problem as a code, so that evidence says it in each language
 * (reports/evidence.ts); `judgeLicence` says it in an English sentence for the agent.
 * @param kmsAllowList the collector's allow-list, or null when this run had no collector config
 */
export function findLicence(f: LicenceFacts, kmsAllowList: readonly string[] | null): LicenceFinding {
  if (f.status === 'unknown') return { licensedSoftware: null, problem: 'status_unknown' };
  if (f.status !== 'licensed') return { licensedSoftware: false, problem: f.statusCode === 4 ? 'non_genuine' : 'not_activated' };
  if (f.channel !== 'volume_kms') return { licensedSoftware: true, problem: null };
  if (f.graceRemainingDays !== null && f.graceRemainingDays > KMS_MAX_GRACE_DAYS) return { licensedSoftware: false, problem: 'kms_grace_too_long' };
  if (!f.kmsHost) return { licensedSoftware: null, problem: 'kms_host_unknown' };
  const host = normaliseKmsHost(f.kmsHost);
  if (isLoopback(host)) return { licensedSoftware: false, problem: 'kms_emulator' };
  if (kmsAllowList === null) return { licensedSoftware: null, problem: 'no_allow_list' };
  if (kmsAllowList.some((allowed) => normaliseKmsHost(allowed) === host)) return { licensedSoftware: true, problem: null };
  return { licensedSoftware: false, problem: 'kms_not_allowed' };
}

export interface LicenceFinding {
  licensedSoftware: boolean | null;
  /** Null when the entry is licensed software. */
  problem: LicenceProblem | null;
}

/**
 * @param kmsAllowList the collector's allow-list, or null when this run had no collector config
 * @example judgeLicence({...facts, channel: 'volume_kms', kmsHost: 'kms.example.ir'}, ['kms.vks.gov.vn'])
 *          // {licensedSoftware: false, verdictReason: 'activated by KMS host kms.example.ir, which is not on ...'}
 */
export function judgeLicence(f: LicenceFacts, kmsAllowList: readonly string[] | null): LicenceVerdict {
  const { licensedSoftware, problem } = findLicence(f, kmsAllowList);
  return { licensedSoftware, verdictReason: reasonOf(f, problem, kmsAllowList) };
}

function reasonOf(f: LicenceFacts, problem: LicenceProblem | null, kmsAllowList: readonly string[] | null): string {
  switch (problem) {
    case null:
      return f.channel === 'volume_kms' ? `activated by the organisation's KMS host ${f.kmsHost}` : `activated (${CHANNEL_LABELS[f.channel]})`;
    case 'status_unknown':
    case 'undecided':
      return 'the licence status could not be read';
    case 'not_activated':
    case 'non_genuine': {
      const fix = f.status === 'grace' ? 'activate it before the grace period ends' : 'activate it with a genuine key';
      const nonGenuine = problem === 'non_genuine' ? ' the licensing service judged this copy non-genuine;' : '';
      return `not activated: ${describeStatus(f)};${nonGenuine} ${fix}`;
    }
    case 'kms_grace_too_long':
      return (
        `activated by KMS${f.kmsHost ? ` (host ${f.kmsHost})` : ''} with ${f.graceRemainingDays!.toLocaleString('en-US')} days left before renewal: ` +
        `a genuine KMS activation holds at most ${KMS_MAX_GRACE_DAYS} days and renews, so this is a KMS38/KMS4k crack, not licensed software; ` +
        "activate it with the organisation's KMS host or a genuine key"
      );
    case 'kms_host_unknown':
      return 'activated by KMS, but the KMS host that activated it is not recorded; run `slmgr /dlv` on the machine to see it';
    case 'kms_emulator':
      return `activated by KMS host ${f.kmsHost}, an address on this machine itself: a KMS emulator (KMSpico, KMS_VL_ALL and the like) is a pirate activation, not licensed software`;
    case 'no_allow_list':
      return `activated by KMS host ${f.kmsHost}; this run had no KMS allow-list from the collector (offline or --output), so the host could not be checked`;
    case 'kms_not_allowed': {
      const list = kmsAllowList?.length
        ? `the organisation's KMS allow-list (${kmsAllowList.join(', ')})`
        : "the organisation's KMS allow-list, which is empty (add the organisation's KMS hosts to licensing.kmsAllowList in the collector config)";
      return `activated by KMS host ${f.kmsHost}, which is not on ${list}: an activation from a KMS host the organisation does not list is not licensed software (a pirate KMS is the usual cause); if the host is legitimate, add it to the allow-list`;
    }
  }
}
