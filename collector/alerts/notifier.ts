/**
 * How an alert reaches people (docs/availability.md): one small interface per channel,
 * registered in one list. The webhook posts the alert as JSON. E-mail plugs in here when the
 * reporting cycle's mailer (issue 18, `collector/mail/`) lands: `deliver` sends the alert's
 * sentence to the unit's recipients and throws on a refusal, like the webhook.
 */
import type { Alert } from './alerts.js';

export interface Notifier {
  /** `webhook`, later `email`: recorded with each delivery attempt. */
  readonly kind: string;
  /** Where it delivers (a URL, an address), as the delivery record shows it. */
  readonly target: string;
  /** Resolves once the receiver took it; throws with a sentence otherwise. */
  deliver(alert: Alert): Promise<void>;
}

/** A JSON POST to a configured URL; a 2xx answer is a delivery. */
export function webhookNotifier(url: string, token?: string, timeoutMs = 10_000): Notifier {
  return {
    kind: 'webhook',
    target: url,
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
