// File operations inside a session's container; Session delegates to these.
import type { Api } from "./api.js";
import { FileApi } from "./file-api.js";

/** A session's files, through FsService; relative paths are relative to /workspace. */
export class SessionFiles extends FileApi<{ sessionId: string }> {
  constructor(api: Api, sessionId: string) {
    super({ sessionId }, api.fs, api.streamsRequests);
  }
}
