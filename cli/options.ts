/** Option parsers shared by the commands. */
import { InvalidArgumentError } from 'commander';

export const integer = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} takes a whole number, not "${value}"`);
  return n;
};

export const positiveInteger = (name: string) => (value: string) => {
  const n = integer(name)(value);
  if (n === 0) throw new InvalidArgumentError(`${name} takes a whole number above 0, not "${value}"`);
  return n;
};
