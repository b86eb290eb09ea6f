/**
 * E-mail alerts (docs/availability.md, "Alerts"): the alert in Vietnamese through the reporting
 * cycle's mailer (issue 18: the `mail:` server, the SMTP login from the secrets file, TLS
 * required unless `insecure`). Recipients: `alerts.email.to` gets every alert, and each unit
 * listed under `alerts.email.units` gets the alerts of its own site and of the units below it,
 * so Văn phòng sees the whole city and a district's IT its district. An alert whose unit has no
 * recipient at all is not mailed (no attempt is recorded). De-duplication and retries are the
 * alert service's, shared with the webhook: one message per alert, one per recovery.
 */
import type { CollectorConfig } from '../config.js';
import { ConfigError } from '../config.js';
import { describeMailError } from '../mail/deliver.js';
import type { Mailer, OutgoingMail } from '../mail/transport.js';
import { formatterFor } from '../../reports/format.js';
import { labelsFor } from '../../reports/i18n.js';
import type { Alert } from './alerts.js';
import type { Notifier } from './notifier.js';

export type AlertEmailConfig = NonNullable<CollectorConfig['alerts']['email']>;

/** Every address told of an alert of `unit`: the default list, then the lists of the unit and its ancestors, once each. */
export function alertRecipients(config: AlertEmailConfig, chain: readonly string[]): string[] {
  return [...new Set([...config.to, ...chain.flatMap((u) => config.units[u] ?? [])])];
}

/** A unit the config lists but the org file does not have stops start-up, naming the field. */
export function checkAlertUnits(config: CollectorConfig, unitIds: ReadonlySet<string> | null, configName = 'the collector config'): void {
  if (!unitIds || !config.alerts.email) return;
  for (const unit of Object.keys(config.alerts.email.units)) {
    if (!unitIds.has(unit)) throw new ConfigError(`${configName}: field "alerts.email.units.${unit}" names a unit the org file does not have; use one of ${[...unitIds].slice(0, 20).join(', ')}`);
  }
}

/** The message of one alert, in Vietnamese, times in the org's time zone. */
export function composeAlertMail(alert: Alert, to: string[], timeZone: string): OutgoingMail {
  const L = labelsFor('vi');
  const A = L.alertMail;
  const fmt = formatterFor({ lang: 'vi', timeZone });
  const link = alert.scope !== null;
  const what = link ? (L.category[alert.scope!] ?? alert.scope!) : (alert.ruleTitle ?? alert.rule ?? '');
  const lines = [
    alert.message.vi,
    '',
    `${A.unit}: ${alert.unitName} (${alert.unit})`,
    ...(link ? [`${A.scope}: ${what}`] : [`${A.rule}: ${what} (${alert.rule})`]),
    ...(alert.deadline ? [`${A.deadline}: ${fmt.day(alert.deadline)}`] : []),
    ...(alert.status ? [`${A.status}: ${L.status[alert.status]}`] : []),
    ...(alert.exception ? [`${A.exception}: ${alert.exception}`] : []),
    `${A.at}: ${fmt.dateTime(alert.at)} (${A.timeZone(timeZone)})`,
    ...(link ? [`${A.machines}: ${alert.machines}`] : []),
    ...(alert.targets.length ? [`${A.targets}: ${alert.targets.join(', ')}`] : []),
    ...(alert.outageMinutes !== null ? [`${A.outage}: ${A.minutes(alert.outageMinutes)}`] : []),
    `${A.id}: ${alert.id}${alert.recovers ? ` (${A.recovers(alert.recovers)})` : ''}`,
    '',
    A.footer,
    '',
  ];
  return { to, cc: [], subject: A.subject[alert.kind](what, alert.unitName).replace(/[\r\n]+/g, ' '), text: lines.join('\n'), attachments: [] };
}

export function emailNotifier(opts: { config: AlertEmailConfig; mailer: Mailer; unitChain: (unit: string) => string[]; timeZone: () => string }): Notifier {
  const recipients = (alert: Alert) => alertRecipients(opts.config, opts.unitChain(alert.unit));
  return {
    kind: 'email',
    target: (alert) => {
      const to = recipients(alert);
      return to.length ? to.join(', ') : null;
    },
    async deliver(alert) {
      const to = recipients(alert);
      try {
        await opts.mailer.send(composeAlertMail(alert, to, opts.timeZone()));
      } catch (err) {
        throw new Error(`the mail server ${opts.mailer.describe()} did not take the alert: ${describeMailError(err)}`);
      }
    },
  };
}
