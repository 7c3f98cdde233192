import { create } from "@bufbuild/protobuf";
import type { ConnectError } from "@connectrpc/connect";
import { ErrorReasonSchema } from "../../../gen/sandkasten/v1/errors_pb.js";
import type { Reason } from "../../errors/reasons.js";

/** A reason as the ErrorReason detail an error carries on the wire. */
export function reasonDetail(reason: Reason) {
  return { desc: ErrorReasonSchema, value: create(ErrorReasonSchema, { reason }) };
}

/** The reason a ConnectError carries, if any. */
export function reasonOf(err: ConnectError): Reason | undefined {
  return err.findDetails(ErrorReasonSchema)[0]?.reason as Reason | undefined;
}
