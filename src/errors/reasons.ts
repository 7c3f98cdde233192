import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorReasonSchema } from "../../gen/sandkasten/v1/errors_pb.js";

export type Reason =
  | "SESSION_NOT_FOUND"
  | "SESSION_EXPIRED"
  | "SESSION_DESTROYED"
  | "SESSION_FAILED"
  | "SESSION_NOT_READY"
  | "WORKSPACE_NOT_FOUND"
  | "WORKSPACE_MISSING"
  | "INVALID_IMAGE"
  | "WORKSPACE_TAKEN"
  | "QUOTA_EXCEEDED"
  | "ADMIN_ONLY";

/** A ConnectError that also says which case it is, for clients that tell them apart. */
export function reasonedError(message: string, code: Code, reason: Reason): ConnectError {
  return new ConnectError(message, code, undefined, [
    { desc: ErrorReasonSchema, value: create(ErrorReasonSchema, { reason }) },
  ]);
}

/** The reason an error carries, if any. */
export function reasonOf(err: ConnectError): Reason | undefined {
  return err.findDetails(ErrorReasonSchema)[0]?.reason as Reason | undefined;
}

export function sessionNotFound(id: string): ConnectError {
  return reasonedError(`session ${id} not found`, Code.NotFound, "SESSION_NOT_FOUND");
}

const NOT_RUNNING: Record<string, Reason> = {
  expired: "SESSION_EXPIRED",
  destroyed: "SESSION_DESTROYED",
  failed: "SESSION_FAILED",
  creating: "SESSION_NOT_READY",
};

/** A session that exists but can't take the call in its state. */
export function sessionNotRunning(id: string, status: string, detail = ""): ConnectError {
  return reasonedError(
    `session ${id} is ${status}${detail}`,
    Code.FailedPrecondition,
    NOT_RUNNING[status] ?? "SESSION_NOT_READY",
  );
}

export function workspaceNotFound(id: string): ConnectError {
  return reasonedError(`workspace ${id} not found`, Code.NotFound, "WORKSPACE_NOT_FOUND");
}
