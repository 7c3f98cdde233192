import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { createValidator } from "@bufbuild/protovalidate";
import { Code, ConnectError } from "@connectrpc/connect";

const validator = createValidator();

/**
 * The runner lives in the sandbox: its answers are checked against the
 * contract's rules like any untrusted input before the daemon uses them.
 */
export function checkRunnerAnswer<D extends DescMessage>(
  schema: D,
  message: MessageShape<D>,
): void {
  const result = validator.validate(schema, message);
  if (result.kind !== "valid") {
    throw new ConnectError(
      `the runner sent an invalid ${schema.name}: ${result.kind === "invalid" ? result.violations.map(String).join("; ") : result.error.message}`,
      Code.Internal,
    );
  }
}
