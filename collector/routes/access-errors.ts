/** Turns the access layer's refusals into API answers: 404 unknown, 409 exists already, 400 invalid. */
import { AccessError } from '../access/access-store.js';
import { ApiError, badRequest, notFound } from '../errors.js';

export async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (!(err instanceof AccessError)) throw err;
    if (err.kind === 'not_found') throw notFound(err.message);
    if (err.kind === 'conflict') throw new ApiError(409, 'conflict', err.message);
    throw badRequest(err.message);
  }
}
