import type { ServiceImpl } from "@connectrpc/connect";
import type { ExecService } from "../../../gen/sandkasten/v1/exec_pb.js";
import type { AppContext } from "../../context.js";
import { exec } from "./exec.js";
import { execStream } from "./exec-stream.js";

export const execService = (ctx: AppContext): ServiceImpl<typeof ExecService> => ({
  exec: exec(ctx),
  execStream: execStream(ctx),
});
