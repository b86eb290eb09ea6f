/**
 * A certificate as Windows keeps it in the registry (`...\SystemCertificates\My\Certificates\
 * <thumbprint>`, value `Blob`): a list of properties, each `id (u32) · reserved (u32) · length
 * (u32) · bytes`, little-endian. Property 32 is the certificate itself (DER); property 2 is
 * the key's provider info (CRYPT_KEY_PROV_INFO with offsets instead of pointers), which names
 * the CSP/KSP holding the key — on a token, the token's provider. The agent, running as
 * SYSTEM, reads users' personal stores this way because it cannot open their CurrentUser
 * stores. Only the public certificate and the provider's name are read.
 */
const CERT_KEY_PROV_INFO_PROP_ID = 2;
const CERT_CERT_PROP_ID = 32;

export interface SerializedCertificate {
  der: Buffer | null;
  provider: string;
}

/** A UTF-16LE string ending at the first NUL, from `offset` in `buf`. */
function utf16z(buf: Buffer, offset: number): string {
  if (offset <= 0 || offset >= buf.length) return '';
  let end = offset;
  while (end + 1 < buf.length && (buf[end] !== 0 || buf[end + 1] !== 0)) end += 2;
  return buf.subarray(offset, end).toString('utf16le');
}

export function parseSerializedCertificate(blob: Buffer): SerializedCertificate {
  let der: Buffer | null = null;
  let provider = '';
  for (let at = 0; at + 12 <= blob.length; ) {
    const id = blob.readUInt32LE(at);
    const length = blob.readUInt32LE(at + 8);
    const data = blob.subarray(at + 12, at + 12 + length);
    if (data.length < length) break;
    if (id === CERT_CERT_PROP_ID) der = Buffer.from(data);
    // CRYPT_KEY_PROV_INFO: container name offset, provider name offset, provider type, flags...
    if (id === CERT_KEY_PROV_INFO_PROP_ID && data.length >= 8) provider = utf16z(data, data.readUInt32LE(4));
    at += 12 + length;
  }
  return { der, provider };
}

/** The inverse, for fixtures and tests: a Blob value with the given certificate and provider. */
export function serializeCertificate(der: Buffer, provider?: string): Buffer {
  const parts: Buffer[] = [];
  const element = (id: number, data: Buffer) => {
    const head = Buffer.alloc(12);
    head.writeUInt32LE(id, 0);
    head.writeUInt32LE(1, 4);
    head.writeUInt32LE(data.length, 8);
    parts.push(head, data);
  };
  if (provider !== undefined) {
    const container = Buffer.from('le-container\0', 'utf16le');
    const name = Buffer.from(`${provider}\0`, 'utf16le');
    const info = Buffer.alloc(28);
    info.writeUInt32LE(28, 0);
    info.writeUInt32LE(28 + container.length, 4);
    info.writeUInt32LE(1, 8);
    info.writeUInt32LE(2, 24);
    element(CERT_KEY_PROV_INFO_PROP_ID, Buffer.concat([info, container, name]));
  }
  element(CERT_CERT_PROP_ID, der);
  return Buffer.concat(parts);
}
