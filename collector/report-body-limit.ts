/** The size limit for bodies that carry a host report (`/reports`, `/import`): 413 past it. */
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.js';

/** `extra` leaves room for the envelope around the report (e.g. `/import`'s unit and room). */
export const reportBodyLimit = (maxBytes: number, extra = 0) =>
  bodyLimit({
    maxSize: maxBytes + extra,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `a report may be at most ${maxBytes} bytes; nothing was stored`);
    },
  });
