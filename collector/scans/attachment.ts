/**
 * What an uploaded attachment is, from its first bytes rather than what the client claims:
 * the signed minutes as a PDF, or a photo of them (JPEG, PNG). Anything else is refused.
 */
import type { AttachmentType } from '../../schema/index.js';

const SIGNATURES: ReadonlyArray<[AttachmentType, readonly number[]]> = [
  ['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

export const CONTENT_TYPE: Record<AttachmentType, string> = { pdf: 'application/pdf', jpeg: 'image/jpeg', png: 'image/png' };

export function attachmentType(bytes: Uint8Array): AttachmentType | null {
  for (const [type, magic] of SIGNATURES) if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type;
  return null;
}
