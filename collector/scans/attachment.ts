/**
 * What an uploaded attachment is, from its first bytes rather than what the client claims:
 * a signed paper (the scan minutes, an exception's approving decision) as a PDF, or a photo of
 * it (JPEG, PNG). Anything else is refused. Shared by the scan verdicts and the exceptions
 * (docs/scans.md, docs/remediation.md): `checkAttachment` refuses an empty or unknown file,
 * `AttachmentBlobs` keeps the bytes content-addressed (`<dir>/<sha256>.<ext>`), written
 * crash-safely (fsync) before the record that names them.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttachmentType } from '../../schema/index.js';
import { writeFileDurably } from '../../util/durable-write.js';
import { ApiError, badRequest } from '../errors.js';

const SIGNATURES: ReadonlyArray<[AttachmentType, readonly number[]]> = [
  ['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

export const CONTENT_TYPE: Record<AttachmentType, string> = { pdf: 'application/pdf', jpeg: 'image/jpeg', png: 'image/png' };

export const EXTENSION: Record<AttachmentType, string> = { pdf: 'pdf', jpeg: 'jpg', png: 'png' };

/** The headers a downloaded attachment is answered with: its type, a safe file name (`fallback` when it has none), never sniffed or cached. */
export function attachmentHeaders(type: AttachmentType, fileName: string, fallback: string): Record<string, string> {
  const name = (fileName || fallback).replace(/[^\w.-]+/g, '_');
  return { 'content-type': CONTENT_TYPE[type], 'content-disposition': `attachment; filename="${name}"`, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
}

export function attachmentType(bytes: Uint8Array): AttachmentType | null {
  for (const [type, magic] of SIGNATURES) if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type;
  return null;
}

/** The type of an upload, or the refusal: 400 when empty, 415 when not a PDF, JPEG or PNG. `paper` names what to send ("the signed minutes"). */
export function checkAttachment(bytes: Uint8Array, paper: string): AttachmentType {
  if (!bytes.length) throw badRequest(`the attachment is empty; send ${paper} (a PDF, or a JPEG or PNG photo) as the request body`);
  const type = attachmentType(bytes);
  if (!type) throw new ApiError(415, 'unsupported_media_type', `the attachment is not a PDF, JPEG or PNG file (its first bytes say so, whatever its name); attach ${paper} as a PDF or a photo; nothing was stored`);
  return type;
}

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Attachment bytes by SHA-256 in one directory (null: in memory, for tests). */
export class AttachmentBlobs {
  private readonly memory = new Map<string, Uint8Array>();

  constructor(private readonly dir: string | null) {}

  /** Stores the bytes (once per content), fsynced, and answers their SHA-256. */
  async put(bytes: Uint8Array, type: AttachmentType): Promise<string> {
    const sha256 = sha256Of(bytes);
    if (!this.dir) {
      this.memory.set(sha256, bytes);
      return sha256;
    }
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, `${sha256}.${EXTENSION[type]}`);
    if (!existsSync(file)) await writeFileDurably(file, bytes);
    return sha256;
  }

  async read(sha256: string, type: AttachmentType): Promise<Uint8Array | null> {
    if (!this.dir) return this.memory.get(sha256) ?? null;
    return readFile(join(this.dir, `${sha256}.${EXTENSION[type]}`)).catch(() => null);
  }
}
