/**
 * The backend a hook sees when it runs in this process: the runtime's
 * `ToolBackend` (same argv, same parsing, same errors as over real hook
 * tools), with each call served straight from a hook context by the same
 * tool implementations the simulator's socket serves.
 */
import { exitFailure, ToolBackend } from "../runtime/tool-backend.js";
import type { HookContext } from "./context.js";

export class ContextBackend extends ToolBackend {
  constructor(
    private readonly ctx: HookContext,
    /** The working directory relative `--file` paths resolve against. */
    private readonly cwd = process.cwd(),
  ) {
    super();
  }

  protected async invoke(tool: string, args: string[], input?: string): Promise<string> {
    const out = await this.ctx.call(tool, args, { cwd: this.cwd, stdin: input === undefined ? null : Buffer.from(input, "utf8") });
    if (out.code !== 0) throw exitFailure(tool, args, out.code, out.stderr);
    return out.stdout;
  }
}
