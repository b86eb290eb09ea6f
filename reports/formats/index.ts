/** Every output format, registered in one list; look one up by its name. */
import type { ReportFormat } from '../../schema/index.js';
import { csvRenderer } from './csv.js';
import { htmlRenderer } from './html.js';
import { jsonRenderer } from './json.js';
import type { Renderer } from './types.js';
import { xlsxRenderer } from './xlsx.js';

export const RENDERERS: readonly Renderer[] = [htmlRenderer, xlsxRenderer, csvRenderer, jsonRenderer];

export function rendererFor(format: ReportFormat): Renderer {
  const found = RENDERERS.find((r) => r.format === format);
  if (!found) throw new Error(`no renderer for "${format}"; the formats are ${RENDERERS.map((r) => r.format).join(', ')}`);
  return found;
}

export type { RenderOptions, Renderer } from './types.js';
export { UnknownPartError } from './types.js';
