/**
 * The backend a hook sees when it runs in the harness: the runtime's
 * `ToolBackend` (same argv, same parsing, same errors as over real hook
 * tools), with each call served straight from a Juju hook context by the
 * same tool implementations the simulator's socket serves. A call whose argv
 * a process launch would refuse fails as the launch fails (`notStarted`).
 */
import { ArgvRefusedError, type HookContext } from "../juju/context.js";
import { exitFailure, notStarted, ToolBackend } from "../runtime/tool-backend.js";

export class ContextBackend extends ToolBackend {
  constructor(
    private readonly ctx: HookContext,
    /** The working directory relative `--file` paths resolve against. */
    private readonly cwd = process.cwd(),
  ) {
    super();
  }

  override get syncReads(): boolean {
    return true;
  }

  protected override invokeSync(tool: string, args: string[]): string {
    let out;
    try {
      out = this.ctx.callSync(tool, args, { cwd: this.cwd, stdin: null });
    } catch (e) {
      if (e instanceof ArgvRefusedError) throw notStarted(tool, args, e.code);
      throw e;
    }
    if (out.code !== 0) throw exitFailure(tool, args, out.code, out.stderr);
    return out.stdout;
  }

  protected async invoke(tool: string, args: string[], input?: string): Promise<string> {
    let out;
    try {
      out = await this.ctx.call(tool, args, { cwd: this.cwd, stdin: input === undefined ? null : Buffer.from(input, "utf8") });
    } catch (e) {
      if (e instanceof ArgvRefusedError) throw notStarted(tool, args, e.code);
      throw e;
    }
    if (out.code !== 0) throw exitFailure(tool, args, out.code, out.stderr);
    return out.stdout;
  }
}
