/**
 * Commands that act on a running collector (`host`, `devices`, `import`): the options they share
 * and one call to the API with a personal token, whose refusal becomes the collector's own
 * sentence.
 */
import type { Command } from 'commander';
import { CliError } from './fail.js';

export interface Remote {
  collector: string;
  token?: string;
}

/** `--collector` and `--token`, as every remote command takes them. */
export const remoteOptions = (cmd: Command): Command =>
  cmd
    .option('--collector <url>', 'collector base URL', 'http://127.0.0.1:8080')
    .option('--token <token>', "a personal token of an admin or the unit's manager (default: READINESS_TOKEN, else READINESS_ADMIN_TOKEN)");

/** `what` names the request in a refusal: "the collector refused the move: ...". */
export async function callCollector<T>(o: Remote, method: string, path: string, body: unknown, what: string, file?: { bytes: Uint8Array; type: string }): Promise<T> {
  const token = o.token ?? process.env.READINESS_TOKEN ?? process.env.READINESS_ADMIN_TOKEN;
  if (!token) throw new CliError('give a personal token of an admin or the unit\'s manager with --token or READINESS_TOKEN (readiness token create --user NAME)');
  // `file`: the body is its bytes as they are (an attachment), else `body` as JSON.
  const sent = file ? { type: file.type, data: file.bytes as Uint8Array<ArrayBuffer> } : body === undefined ? null : { type: 'application/json', data: JSON.stringify(body) };
  const res = await fetch(new URL(`/api/v1${path}`, o.collector), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(sent ? { 'content-type': sent.type } : {}) },
    ...(sent ? { body: sent.data } : {}),
  }).catch((err: Error & { cause?: { code?: string } }) => {
    throw new CliError(`cannot reach the collector at ${o.collector} (${err.cause?.code ?? err.message})`);
  });
  const answer = (await res.json().catch(() => null)) as (T & { error?: { message: string } }) | null;
  if (!res.ok || !answer) throw new CliError(`the collector refused the ${what}: ${answer?.error?.message ?? `HTTP ${res.status}`}`);
  return answer;
}
