import type { ServiceImpl } from "@connectrpc/connect";
import type { WatchService } from "../../../gen/sandkasten/v1/watch_pb.js";
import type { AppContext } from "../../context.js";
import { watchFiles } from "./watch-files.js";

export const watchService = (ctx: AppContext): ServiceImpl<typeof WatchService> => ({
  watchFiles: watchFiles(ctx),
});
