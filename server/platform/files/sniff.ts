// The bytes of an upload must match its declared type (a renamed .exe is not a PDF).
const ZIP_TYPES = new Set([
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.ofd',
]);
const OLE_TYPES = new Set(['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint']);

const startsWith = (b: Buffer, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);

function looksLikeText(b: Buffer): boolean {
  const sample = b.subarray(0, 4096);
  if (sample.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.length === 4096 ? sample.subarray(0, 4090) : sample);
    return true;
  } catch {
    return false;
  }
}

export const ALLOWED_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'text/plain',
  'text/csv',
  ...ZIP_TYPES,
  ...OLE_TYPES,
];

/** true when the content matches the declared MIME type; unknown types are refused. */
export function contentMatches(mime: string, b: Buffer): boolean {
  if (mime === 'application/pdf') return startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]);
  if (mime === 'image/png') return startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (mime === 'image/jpeg') return startsWith(b, [0xff, 0xd8, 0xff]);
  if (mime === 'image/gif') return startsWith(b, [0x47, 0x49, 0x46, 0x38]);
  if (ZIP_TYPES.has(mime)) return startsWith(b, [0x50, 0x4b, 0x03, 0x04]);
  if (OLE_TYPES.has(mime)) return startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  if (mime === 'text/plain' || mime === 'text/csv') return looksLikeText(b);
  return false;
}

/** RFC 6266/5987 Content-Disposition that carries a Chinese file name safely. */
export function contentDisposition(filename: string, inline = false): string {
  const safe = filename.replace(/[\r\n"\\/]/g, '_');
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}
