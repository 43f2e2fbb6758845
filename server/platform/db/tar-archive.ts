// A minimal POSIX ustar writer and reader for backups. Plain tar, so that a backup can also be
// inspected and unpacked by hand (`tar tf`, `tar xf`) when Zongban itself is not at hand.
import fs from 'node:fs';
import crypto from 'node:crypto';

const BLOCK = 512;
const COPY_CHUNK = 1024 * 1024;
// Sizes from 8 GiB up do not fit 11 octal digits; GNU/bsdtar read the base-256 form instead.
const OCTAL_SIZE_LIMIT = 0o77777777777;

function writeString(buf: Buffer, at: number, len: number, value: string) {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > len) throw new Error(`tar: name too long: ${value}`);
  bytes.copy(buf, at);
}

function writeOctal(buf: Buffer, at: number, len: number, value: number) {
  buf.write(value.toString(8).padStart(len - 1, '0') + '\0', at, len, 'ascii');
}

function writeSize(buf: Buffer, at: number, size: number) {
  if (size <= OCTAL_SIZE_LIMIT) return writeOctal(buf, at, 12, size);
  buf[at] = 0x80;
  let v = BigInt(size);
  for (let i = 11; i >= 1; i--) {
    buf[at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum;
}

function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeSize(h, 124, size);
  writeOctal(h, 136, 12, Math.floor(mtime.getTime() / 1000));
  h[156] = 0x30; // '0': a regular file
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(checksum(h).toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

export class TarWriter {
  private offset = 0;
  private constructor(private readonly fh: fs.promises.FileHandle) {}

  static async create(file: string): Promise<TarWriter> {
    return new TarWriter(await fs.promises.open(file, 'wx'));
  }

  private async write(buf: Buffer) {
    await this.fh.write(buf, 0, buf.length, this.offset);
    this.offset += buf.length;
  }

  async addBuffer(name: string, data: Buffer) {
    await this.write(header(name, data.length, new Date()));
    await this.write(data);
    await this.pad(data.length);
  }

  /** Copies a file into the archive; returns the SHA-256 of the bytes written. */
  async addFile(name: string, source: string): Promise<string> {
    const src = await fs.promises.open(source, 'r');
    try {
      const { size, mtime } = await src.stat();
      await this.write(header(name, size, mtime));
      const hash = crypto.createHash('sha256');
      const chunk = Buffer.alloc(COPY_CHUNK);
      let done = 0;
      while (done < size) {
        const { bytesRead } = await src.read(chunk, 0, Math.min(COPY_CHUNK, size - done), done);
        if (bytesRead === 0) throw new Error(`tar: ${source} shrank while being archived`);
        const part = chunk.subarray(0, bytesRead);
        hash.update(part);
        await this.write(part);
        done += bytesRead;
      }
      await this.pad(size);
      return hash.digest('hex');
    } finally {
      await src.close();
    }
  }

  private async pad(size: number) {
    const rest = size % BLOCK;
    if (rest) await this.write(Buffer.alloc(BLOCK - rest));
  }

  /** Writes the end-of-archive blocks and makes the file durable. */
  async finish() {
    await this.write(Buffer.alloc(BLOCK * 2));
    await this.fh.sync();
    await this.fh.close();
  }

  async abort() {
    await this.fh.close().catch(() => {});
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** Where the entry's bytes start in the archive. */
  offset: number;
}

function readSize(h: Buffer): number {
  if (h[124] & 0x80) {
    let v = 0n;
    for (let i = 1; i < 12; i++) v = (v << 8n) | BigInt(h[124 + i]);
    return Number(v);
  }
  return parseOctal(h, 124, 12);
}

function parseOctal(h: Buffer, at: number, len: number): number {
  const s = h.toString('ascii', at, at + len).replace(/[\0 ]+$/, '').trim();
  if (!/^[0-7]*$/.test(s)) throw new Error('tar: a header field is not octal');
  return s ? parseInt(s, 8) : 0;
}

function cString(h: Buffer, at: number, len: number): string {
  const end = h.indexOf(0, at);
  return h.toString('utf8', at, end < 0 || end > at + len ? at + len : end);
}

/** Lists the regular files of an archive; throws on a damaged header or a truncated archive. */
export async function readTarIndex(file: string): Promise<TarEntry[]> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const { size: total } = await fh.stat();
    const entries: TarEntry[] = [];
    const h = Buffer.alloc(BLOCK);
    let offset = 0;
    for (;;) {
      if (offset + BLOCK > total) throw new Error('tar: the archive is truncated (no end marker)');
      await fh.read(h, 0, BLOCK, offset);
      if (h.every((b) => b === 0)) return entries;
      if (parseOctal(h, 148, 8) !== checksum(h)) throw new Error(`tar: damaged header at byte ${offset}`);
      const prefix = cString(h, 345, 155);
      const name = (prefix ? `${prefix}/` : '') + cString(h, 0, 100);
      const size = readSize(h);
      const type = String.fromCharCode(h[156] || 0x30);
      const dataAt = offset + BLOCK;
      if (dataAt + size > total) throw new Error(`tar: the archive is truncated inside ${name}`);
      if (type === '0') entries.push({ name, size, offset: dataAt });
      offset = dataAt + Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    await fh.close();
  }
}

/** Copies one entry out of the archive (fsynced); returns the SHA-256 of its bytes. */
export async function extractTarEntry(archive: string, entry: TarEntry, target: string): Promise<string> {
  const src = await fs.promises.open(archive, 'r');
  const dst = await fs.promises.open(target, 'wx');
  try {
    const hash = crypto.createHash('sha256');
    const chunk = Buffer.alloc(COPY_CHUNK);
    let done = 0;
    while (done < entry.size) {
      const { bytesRead } = await src.read(chunk, 0, Math.min(COPY_CHUNK, entry.size - done), entry.offset + done);
      if (bytesRead === 0) throw new Error(`tar: unexpected end of archive in ${entry.name}`);
      const part = chunk.subarray(0, bytesRead);
      hash.update(part);
      await dst.write(part, 0, part.length, done);
      done += bytesRead;
    }
    await dst.sync();
    return hash.digest('hex');
  } finally {
    await dst.close();
    await src.close();
  }
}

export async function readTarEntry(archive: string, entry: TarEntry): Promise<Buffer> {
  const fh = await fs.promises.open(archive, 'r');
  try {
    const buf = Buffer.alloc(entry.size);
    await fh.read(buf, 0, entry.size, entry.offset);
    return buf;
  } finally {
    await fh.close();
  }
}
