import type { DescMessage } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { createValidator, type Violation } from "@bufbuild/protovalidate";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { describeViolation } from "./violation-messages.js";

/**
 * Checks every request message against the field rules in the proto, like
 * @connectrpc/validate, but answers in the daemon's own wording: the field's
 * name and what it must be, without rule ids or patterns.
 */
export function validateInterceptor(): Interceptor {
  const validator = createValidator();
  const check = (schema: DescMessage, message: unknown) => {
    const result = validator.validate(schema, message as never);
    if (result.kind === "valid") return;
    if (result.kind === "error") throw result.error;
    throw new ConnectError(
      result.violations.map(describe).join("; "),
      Code.InvalidArgument,
      undefined,
      undefined,
      result.error,
    );
  };
  return (next) => (req) => {
    if (!req.stream) {
      check(req.method.input, req.message);
      return next(req);
    }
    const messages = req.message;
    return next({
      ...req,
      message: (async function* () {
        for await (const m of messages) {
          check(req.method.input, m);
          yield m;
        }
      })(),
    });
  };
}

function describe(v: Violation): string {
  const field = pathToString(v.field) || "the request";
  return `${field}${v.forKey ? " (a key)" : ""} ${describeViolation(v.ruleId, v.message)}`;
}
