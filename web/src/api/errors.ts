import { Code, ConnectError } from "@connectrpc/connect";

/** Called when the daemon refuses the tab's API key (set by the app shell). */
let onUnauthenticated: () => void = () => {};

export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

/** A message for a failed call, fit to show where it happened; a refused API key also sends the tab to sign-in. */
export function describeError(err: unknown): string {
  if (err instanceof ConnectError) {
    if (err.code === Code.Unauthenticated) {
      onUnauthenticated();
      return "The daemon did not accept this API key. Sign in again.";
    }
    if (err.code === Code.Unavailable) return `The daemon is unreachable: ${err.rawMessage}`;
    if (err.code === Code.Canceled) return "Cancelled.";
    return err.rawMessage || Code[err.code];
  }
  return err instanceof Error ? err.message : String(err);
}

export function isCancel(err: unknown): boolean {
  return (
    (err instanceof ConnectError && err.code === Code.Canceled) ||
    (err instanceof DOMException && err.name === "AbortError")
  );
}
