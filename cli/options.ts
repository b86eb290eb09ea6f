/** Option parsers shared by the commands. */
import { InvalidArgumentError } from 'commander';

export const integer = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} takes a whole number, not "${value}"`);
  return n;
};
