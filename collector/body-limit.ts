/**
 * Size limits for request bodies, one per route that reads a body: 413 past it, before the
 * body is read into memory. Reports and imports take `maxReportBytes`; small forms (enroll,
 * login) take a few KiB, so nobody without credentials can make the collector hold megabytes.
 */
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.js';

/** Bodies of small JSON forms: enrollment, sign-in, moves. */
export const SMALL_BODY_BYTES = 8 * 1024;

/**
 * `what` names the body in the 413 sentence, e.g. "an enrollment request"; `shownBytes` is the
 * limit the sentence states when the route allows an envelope beyond it.
 */
export const limitBody = (maxBytes: number, what: string, shownBytes = maxBytes) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `${what} may be at most ${shownBytes} bytes; nothing was stored`);
    },
  });

/** `extra` leaves room for the envelope around the report (e.g. `/import`'s unit and room). */
export const reportBodyLimit = (maxBytes: number, extra = 0) => limitBody(maxBytes + extra, 'a report', maxBytes);
