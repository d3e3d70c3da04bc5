/**
 * The wire protocol between the hook-tool client (`client/jujuc.c`, or the
 * Node fallback) and the simulator's server, over a unix stream socket.
 *
 * Everything is a frame:
 *
 *     +--------+----------------------+-------------------+
 *     | type   | length (uint32, BE)  | payload (length)  |
 *     | 1 byte | 4 bytes              | bytes             |
 *     +--------+----------------------+-------------------+
 *
 * Request (client → server), in this order:
 *   'X' context id (`JUJU_CONTEXT_ID`), 'C' cwd, 'A' × n argv (argv[0] is the
 *   tool name, as invoked), 'I' × m stdin chunks (only when the arguments ask
 *   for `--file -`; chunks are at most 64 KiB), then 'E' (empty) to end it.
 * Response (server → client):
 *   'O' × n stdout chunks, 'R' × n stderr chunks, then 'Z' with a 4-byte
 *   big-endian signed exit code. The server closes the connection after 'Z'.
 *
 * Payloads are raw bytes (argv and paths need not be UTF-8). A payload larger
 * than `MAX_FRAME` is a protocol error; stdin of any size is sent as many
 * frames, so a 1 MiB `relation-set --file -` is 16 frames.
 */

export const FRAME = {
  context: 0x58, // 'X'
  cwd: 0x43, // 'C'
  arg: 0x41, // 'A'
  stdin: 0x49, // 'I'
  end: 0x45, // 'E'
  stdout: 0x4f, // 'O'
  stderr: 0x52, // 'R'
  exit: 0x5a, // 'Z'
} as const;

export const HEADER_BYTES = 5;
/** Largest payload accepted in one frame. */
export const MAX_FRAME = 16 * 1024 * 1024;
/** Output is sent in chunks of this size. */
export const CHUNK = 64 * 1024;

export interface Frame {
  readonly type: number;
  readonly payload: Buffer;
}

export function encodeFrame(type: number, payload: Uint8Array | string = new Uint8Array()): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload, "utf8") : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = type;
  header.writeUInt32BE(body.length, 1);
  return Buffer.concat([header, body]);
}

/** Splits `data` into frames of at most `CHUNK` bytes (none for empty data). */
export function encodeChunked(type: number, data: Uint8Array | string): Buffer[] {
  const buf = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const frames: Buffer[] = [];
  for (let off = 0; off < buf.length; off += CHUNK) frames.push(encodeFrame(type, buf.subarray(off, off + CHUNK)));
  return frames;
}

export function encodeExit(code: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeInt32BE(code, 0);
  return encodeFrame(FRAME.exit, payload);
}

/** Incremental frame decoder: feed it socket chunks, get whole frames back. */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      if (this.buffered < HEADER_BYTES) break;
      const head = this.peek(HEADER_BYTES);
      const length = head.readUInt32BE(1);
      if (length > MAX_FRAME) throw new Error(`protocol error: frame of ${length} bytes exceeds the limit of ${MAX_FRAME}`);
      if (this.buffered < HEADER_BYTES + length) break;
      const all = this.take(HEADER_BYTES + length);
      frames.push({ type: all[0]!, payload: all.subarray(HEADER_BYTES) });
    }
    return frames;
  }

  /** Bytes received but not yet part of a whole frame. */
  get pending(): number {
    return this.buffered;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!.subarray(0, n);
  }

  private take(n: number): Buffer {
    if (this.chunks[0]!.length < n) this.chunks = [Buffer.concat(this.chunks)];
    const first = this.chunks[0]!;
    const out = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return out;
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * An argument's bytes as text: UTF-8, or, where they are not valid UTF-8,
 * each invalid byte as the lone surrogate U+DC80 + byte (as Python's
 * surrogateescape does), so the tool can refuse it instead of storing U+FFFD.
 */
export function decodeArgument(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    let out = "";
    let i = 0;
    while (i < bytes.length) {
      const len = validSequenceLength(bytes, i);
      if (len === 0) {
        out += String.fromCharCode(0xdc00 + bytes[i]!);
        i++;
      } else {
        out += strictUtf8.decode(bytes.subarray(i, i + len));
        i += len;
      }
    }
    return out;
  }
}

/** The length of the valid UTF-8 sequence at `i`, or 0. */
function validSequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > b.length) return 0;
  try {
    strictUtf8.decode(b.subarray(i, i + len));
    return len;
  } catch {
    return 0;
  }
}

/** A decoded request. */
export interface ToolRequest {
  contextId: string;
  cwd: string;
  /** argv[0] is the tool name as invoked (a path or a bare name). */
  argv: string[];
  stdin: Buffer | null;
}

/** Accumulates request frames; returns the request once the 'E' frame arrives. */
export class RequestAssembler {
  private contextId = "";
  private cwd = "";
  private readonly argv: string[] = [];
  private readonly stdin: Buffer[] = [];
  private sawStdin = false;

  add(frame: Frame): ToolRequest | null {
    switch (frame.type) {
      case FRAME.context:
        this.contextId = frame.payload.toString("utf8");
        return null;
      case FRAME.cwd:
        this.cwd = frame.payload.toString("utf8");
        return null;
      case FRAME.arg:
        this.argv.push(decodeArgument(frame.payload));
        return null;
      case FRAME.stdin:
        this.sawStdin = true;
        this.stdin.push(frame.payload);
        return null;
      case FRAME.end:
        return {
          contextId: this.contextId,
          cwd: this.cwd,
          argv: this.argv,
          stdin: this.sawStdin ? Buffer.concat(this.stdin) : null,
        };
      default:
        throw new Error(`protocol error: unexpected frame type 0x${frame.type.toString(16)}`);
    }
  }
}
