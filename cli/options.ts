/** Option parsers shared by the commands. */
import { InvalidArgumentError } from 'commander';

export const integer = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} takes a whole number, not "${value}"`);
  return n;
};

/** A whole number of at least `min` (default 1). */
export const positiveInteger = (name: string, min = 1) => (value: string) => {
  const n = integer(name)(value);
  if (n < min) throw new InvalidArgumentError(`${name} takes a whole number of at least ${min}, not "${value}"`);
  return n;
};
