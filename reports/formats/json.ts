/** JSON: the document model itself, the same content as every other format, for scripts. */
import type { ReadinessDocument } from '../../schema/index.js';
import { joinChunks, jsonChunks } from '../../util/json-chunks.js';
import type { Renderer } from './types.js';

const newline = new TextEncoder().encode('\n');

export const jsonRenderer: Renderer = {
  format: 'json',
  contentType: 'application/json; charset=utf-8',
  inline: true,
  // Written row by row (document → parts → part → rows → each row), never as one string: the
  // machines checklist of a 100,000-host fleet may pass V8's longest string; the bytes are
  // `JSON.stringify(doc)` and a newline.
  render: async (doc: ReadinessDocument) => {
    const bytes = joinChunks([...jsonChunks(doc, { depth: 4 }), newline]);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  },
};
