import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { encodeChunked, encodeExit, encodeFrame, FRAME, FrameDecoder, MAX_FRAME, RequestAssembler } from "../../src/sim/protocol.js";

describe("framing", () => {
  it("decodes frames split at any byte boundary", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1 }), (payloads, cuts) => {
        const wire = Buffer.concat(payloads.map((p) => encodeFrame(FRAME.stdin, p)));
        const dec = new FrameDecoder();
        const got: Buffer[] = [];
        let off = 0;
        for (let i = 0; off < wire.length; i++) {
          const n = cuts[i % cuts.length]!;
          for (const f of dec.push(wire.subarray(off, off + n))) got.push(f.payload);
          off += n;
        }
        expect(got.map((b) => [...b])).toEqual(payloads.map((p) => [...p]));
        expect(dec.pending).toBe(0);
      }),
    );
  });
  it("assembles a request with a large stdin from 64 KiB chunks", () => {
    const stdin = Buffer.alloc(1024 * 1024 + 7, 0x61);
    const wire = Buffer.concat([
      encodeFrame(FRAME.context, "mysql/0-install-1"),
      encodeFrame(FRAME.cwd, "/tmp"),
      encodeFrame(FRAME.arg, "relation-set"),
      encodeFrame(FRAME.arg, "--file"),
      encodeFrame(FRAME.arg, "-"),
      ...encodeChunked(FRAME.stdin, stdin),
      encodeFrame(FRAME.end),
    ]);
    const asm = new RequestAssembler();
    let req = null;
    for (const f of new FrameDecoder().push(wire)) req = asm.add(f) ?? req;
    expect(req).toMatchObject({ contextId: "mysql/0-install-1", cwd: "/tmp", argv: ["relation-set", "--file", "-"] });
    expect(req!.stdin!.equals(stdin)).toBe(true);
    expect(encodeChunked(FRAME.stdout, "")).toEqual([]);
  });
  it("refuses oversized frames and unknown types", () => {
    const head = Buffer.alloc(5);
    head[0] = FRAME.arg;
    head.writeUInt32BE(MAX_FRAME + 1, 1);
    expect(() => new FrameDecoder().push(head)).toThrow(/exceeds/);
    expect(() => new RequestAssembler().add({ type: 0x3f, payload: Buffer.alloc(0) })).toThrow(/unexpected frame/);
    expect(encodeExit(-2).readInt32BE(5)).toBe(-2);
  });
});
