/**
 * The agent side of the hook tools: a unix-socket server inside the simulator
 * process, as jujud serves jujuc. Each connection carries one tool call (see
 * protocol.ts); the handler runs it against the caller's hook context.
 */
import { createServer, type Server, type Socket } from "node:net";
import { chmodSync, rmSync } from "node:fs";
import { encodeChunked, encodeExit, FRAME, FrameDecoder, RequestAssembler, type ToolRequest } from "./protocol.js";

export interface ToolResponse {
  readonly stdout: string | Uint8Array;
  readonly stderr: string | Uint8Array;
  readonly code: number;
}

/** Handles one request. `startedAt` is `performance.now()` when its first byte arrived. */
export type RequestHandler = (req: ToolRequest, startedAt: number) => ToolResponse | Promise<ToolResponse>;
/** Called after the response was written, with the time it took end to end on the server. */
export type ResponseObserver = (req: ToolRequest, res: ToolResponse, durationMs: number) => void;

export class ToolServer {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly socketPath: string,
  ) {}

  static listen(socketPath: string, handler: RequestHandler, observer?: ResponseObserver): Promise<ToolServer> {
    rmSync(socketPath, { force: true });
    const server = createServer();
    const ts = new ToolServer(server, socketPath);
    server.on("connection", (socket) => ts.serve(socket, handler, observer));
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(socketPath, () => {
        server.off("error", reject);
        // Only this user may connect, whatever the umask and the folder's mode.
        chmodSync(socketPath, 0o600);
        resolve(ts);
      });
    });
  }

  private serve(socket: Socket, handler: RequestHandler, observer?: ResponseObserver): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    const decoder = new FrameDecoder();
    const assembler = new RequestAssembler();
    let startedAt = -1;
    let done = false;
    socket.on("data", (chunk: Buffer) => {
      if (done) return;
      if (startedAt < 0) startedAt = performance.now();
      let request: ToolRequest | null = null;
      try {
        for (const frame of decoder.push(chunk)) {
          request = assembler.add(frame);
          if (request) break;
        }
      } catch (e) {
        done = true;
        const msg = `ERROR ${(e as Error).message}\n`;
        socket.end(Buffer.concat([...encodeChunked(FRAME.stderr, msg), encodeExit(1)]));
        return;
      }
      if (!request) return;
      done = true;
      const req = request;
      const internal = (e: unknown): ToolResponse => ({ stdout: "", stderr: `ERROR internal simulator error: ${(e as Error).message}\n`, code: 1 });
      let answer: ToolResponse | Promise<ToolResponse>;
      try {
        answer = handler(req, startedAt);
      } catch (e) {
        answer = internal(e);
      }
      void Promise.resolve(answer)
        .catch(internal)
        .then((res) => {
          if (socket.destroyed) return;
          const frames = [...encodeChunked(FRAME.stdout, res.stdout), ...encodeChunked(FRAME.stderr, res.stderr), encodeExit(res.code)];
          socket.end(Buffer.concat(frames), () => observer?.(req, res, performance.now() - startedAt));
        });
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.socketPath, { force: true });
  }
}
