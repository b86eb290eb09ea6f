/** JSON: the document model itself, the same content as every other format, for scripts. */
import type { ReadinessDocument } from '../../schema/index.js';
import type { Renderer } from './types.js';

export const jsonRenderer: Renderer = {
  format: 'json',
  contentType: 'application/json; charset=utf-8',
  inline: true,
  render: async (doc: ReadinessDocument) => Buffer.from(`${JSON.stringify(doc)}\n`, 'utf8'),
};
