/**
 * How an alert reaches people (docs/availability.md): one small interface per channel,
 * registered in one list (`alertNotifiers`). The webhook posts the alert as JSON; e-mail
 * (email-notifier.ts) sends its Vietnamese sentence through the reporting cycle's mailer
 * (issue 18, `collector/mail/`) to the recipients the config names for the alert's unit.
 */
import type { CollectorConfig } from '../config.js';
import type { Mailer } from '../mail/transport.js';
import type { Alert } from './alerts.js';
import { emailNotifier } from './email-notifier.js';

export interface Notifier {
  /** `webhook`, `email`: recorded with each delivery attempt. */
  readonly kind: string;
  /**
   * Where it delivers this alert (a URL, addresses), as the delivery record shows it; null when
   * the channel has nobody for it (no recipient for the unit): then no attempt is made or recorded.
   */
  target(alert: Alert): string | null;
  /** Resolves once the receiver took it; throws with a sentence otherwise. */
  deliver(alert: Alert): Promise<void>;
}

/** A JSON POST to a configured URL; a 2xx answer is a delivery. */
export function webhookNotifier(url: string, token?: string, timeoutMs = 10_000): Notifier {
  return {
    kind: 'webhook',
    target: () => url,
    async deliver(alert) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'readiness-collector', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(alert),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      }).catch((err: Error & { cause?: { code?: string } }) => {
        throw new Error(`the webhook ${url} could not be reached (${err.cause?.code ?? err.message})`);
      });
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) throw new Error(`the webhook ${url} answered HTTP ${res.status}`);
    },
  };
}

/** The channels the config names: its webhooks, then e-mail when `alerts.email` and a mail server are set. */
export function alertNotifiers(config: CollectorConfig, mailer: Mailer | null, org: { unitChain(unit: string): string[]; timeZone: string }): Notifier[] {
  const email = config.alerts.email;
  return [
    ...config.alerts.webhooks.map((w) => webhookNotifier(w.url, w.token)),
    ...(email && mailer ? [emailNotifier({ config: email, mailer, unitChain: (u) => org.unitChain(u), timeZone: () => org.timeZone })] : []),
  ];
}
