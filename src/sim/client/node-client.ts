/**
 * The fallback hook-tool client, for machines without a C compiler: the same
 * protocol as jujuc.c (see ../protocol.ts), as a self-contained Node ESM
 * script. It is written to the client cache and run through a sh wrapper as
 * `node jujuc-node.mjs <tool path> <args...>`. Slower: one Node start-up per call.
 */
export const NODE_CLIENT_SOURCE = String.raw`// relgen simulator hook-tool client (Node fallback). Generated; do not edit.
import { connect } from "node:net";
import { readFileSync } from "node:fs";

const argv = process.argv.slice(2);
const fail = (msg) => {
  process.stderr.write("ERROR " + msg + "\n");
  process.exit(1);
};
const ctx = process.env.JUJU_CONTEXT_ID;
const addr = process.env.JUJU_AGENT_SOCKET_ADDRESS;
if (!ctx) fail("JUJU_CONTEXT_ID not set");
if (!addr) fail("JUJU_AGENT_SOCKET_ADDRESS not set");

const frame = (type, payload) => {
  const body = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  const head = Buffer.alloc(5);
  head[0] = type.charCodeAt(0);
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
};
const wantsStdin = () => {
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === "--") return false;
    if (argv[i] === "--file=-") return true;
    if (argv[i] === "--file" && argv[i + 1] === "-") return true;
  }
  return false;
};

const parts = [frame("X", ctx), frame("C", process.cwd()), ...argv.map((a) => frame("A", a))];
if (wantsStdin()) {
  const data = readFileSync(0);
  parts.push(frame("I", Buffer.alloc(0)));
  for (let off = 0; off < data.length; off += 65536) parts.push(frame("I", data.subarray(off, off + 65536)));
}
parts.push(frame("E", Buffer.alloc(0)));

const sock = connect(addr.startsWith("@") ? "\0" + addr.slice(1) : addr);
sock.on("error", (e) => fail("cannot connect to the simulator at " + addr + ": " + e.message));
sock.write(Buffer.concat(parts));
let buf = Buffer.alloc(0);
const writes = [];
sock.on("data", (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  while (buf.length >= 5) {
    const len = buf.readUInt32BE(1);
    if (buf.length < 5 + len) return;
    const type = String.fromCharCode(buf[0]);
    const payload = buf.subarray(5, 5 + len);
    buf = buf.subarray(5 + len);
    if (type === "O") writes.push([process.stdout, payload]);
    else if (type === "R") writes.push([process.stderr, payload]);
    else if (type === "Z") {
      const code = payload.readInt32BE(0);
      sock.destroy();
      let pending = writes.length;
      if (pending === 0) process.exit(code);
      for (const [stream, data] of writes) stream.write(data, () => { if (--pending === 0) process.exit(code); });
      return;
    } else fail("protocol error: unexpected frame type");
  }
});
sock.on("end", () => fail("the simulator closed the connection without an exit code"));
`;
