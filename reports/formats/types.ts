/** The one interface every output format implements. */
import type { DocumentPart, ReadinessDocument, ReportFormat } from '../../schema/index.js';

export interface RenderOptions {
  /** Single-table formats (CSV): the part to write instead of the document's primary part. */
  part?: string;
  /** CSV field separator; `;` also writes decimal commas, as Excel expects in Vietnamese and most European locales. */
  csvDelimiter?: ',' | ';';
}

export interface Renderer {
  format: ReportFormat;
  contentType: string;
  /** Whether a browser should show the file rather than save it. */
  inline: boolean;
  /** Pure apart from memory: the bytes of the file. */
  render(doc: ReadinessDocument, opts?: RenderOptions): Promise<Uint8Array>;
}

export class UnknownPartError extends Error {}

/** The part a single-table format writes: the one asked for, or the document's primary one. */
export function pickPart(doc: ReadinessDocument, id: string | undefined): DocumentPart {
  const wanted = id ?? doc.primaryPart;
  const part = doc.parts.find((p) => p.id === wanted);
  if (!part) {
    throw new UnknownPartError(`the ${doc.kind} report has no part "${wanted}"; its parts are ${doc.parts.map((p) => p.id).join(', ')}`);
  }
  return part;
}
