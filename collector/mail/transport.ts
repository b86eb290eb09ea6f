/**
 * The SMTP transport (nodemailer) for scheduled documents. TLS is required unless the config
 * says `insecure: true`: with `tls: starttls` the connection must be upgraded (a server that
 * does not offer STARTTLS is refused), with `tls: implicit` it is TLS from the start; the
 * server's certificate is always verified, against `ca` when the office runs its own CA.
 */
import { readFile } from 'node:fs/promises';
import nodemailer from 'nodemailer';
import type { MailConfig } from '../schedule/config.js';
import { mailPort } from '../schedule/config.js';
import { ConfigError } from '../config.js';

export interface OutgoingMail {
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  attachments: Array<{ filename: string; content: Uint8Array; contentType: string }>;
}

export interface SentMail {
  messageId: string;
  /** The server's last answer, e.g. `250 OK: queued as 1A2B`. */
  response: string;
  rejected: string[];
}

/** What delivery needs from a mail library: one message out, or an error saying why not. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SentMail>;
  /** Where it sends, for log lines: `smtp://mail.example:587 (STARTTLS required)`. */
  describe(): string;
  close(): void;
}

export async function createSmtpMailer(config: MailConfig, credentials: { user: string; password: string } | null): Promise<Mailer> {
  const ca = config.ca
    ? await readFile(config.ca, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new ConfigError(`cannot read the mail CA file ${config.ca}: ${err.code ?? err.message}`);
      })
    : undefined;
  const port = mailPort(config);
  const transport = nodemailer.createTransport({
    host: config.host,
    port,
    secure: config.tls === 'implicit',
    requireTLS: !config.insecure && config.tls === 'starttls',
    ignoreTLS: config.insecure,
    ...(credentials ? { auth: { user: credentials.user, pass: credentials.password } } : {}),
    tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) },
    connectionTimeout: config.timeoutSeconds * 1000,
    greetingTimeout: config.timeoutSeconds * 1000,
    socketTimeout: config.timeoutSeconds * 1000,
  });
  const how = config.insecure ? 'in clear, insecure: true' : config.tls === 'implicit' ? 'TLS' : 'STARTTLS required';
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: config.from,
        to: mail.to,
        cc: mail.cc,
        subject: mail.subject,
        text: mail.text,
        attachments: mail.attachments.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })),
      });
      return { messageId: String(info.messageId ?? ''), response: String(info.response ?? ''), rejected: (info.rejected ?? []).map(String) };
    },
    describe: () => `smtp://${config.host}:${port} (${how})`,
    close: () => transport.close(),
  };
}
