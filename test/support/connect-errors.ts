import { Code, type ConnectError } from "@connectrpc/connect";
import { asConnectError } from "../../src/api/errors/to-connect.js";

/**
 * Awaits a call that must fail and returns its ConnectError (a domain
 * error as the API gives it), or throws a readable message naming what came
 * instead.
 */
export async function failureOf(
  call: Promise<unknown> | (() => Promise<unknown>),
): Promise<ConnectError> {
  try {
    await (typeof call === "function" ? call() : call);
  } catch (err) {
    return asConnectError(err);
  }
  throw new Error("the call succeeded but was expected to fail");
}

/** The code's name, for assertion messages that read well ("NotFound", not 5). */
export function codeName(code: Code): string {
  return Code[code] ?? String(code);
}

/** Awaits a failing call and checks its code (by name, so a mismatch reads well). */
export async function expectCode(
  call: Promise<unknown> | (() => Promise<unknown>),
  code: Code,
): Promise<ConnectError> {
  const err = await failureOf(call);
  if (err.code !== code) {
    throw new Error(`expected ${codeName(code)}, got ${codeName(err.code)}: ${err.rawMessage}`);
  }
  return err;
}
