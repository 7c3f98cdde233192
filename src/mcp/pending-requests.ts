import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

type Id = string | number;

const requestId = (m: JSONRPCMessage): Id | undefined =>
  "method" in m && "id" in m ? m.id : undefined;
const responseId = (m: JSONRPCMessage): Id | undefined =>
  !("method" in m) && "id" in m ? m.id : undefined;

/**
 * Counts the requests a connected transport has received and not yet
 * answered, so that a server told to stop (stdin ended) can answer what it
 * was already asked first. Call after the server has connected.
 */
export function trackPendingRequests(transport: Transport): { idle(): Promise<void> } {
  const pending = new Set<Id>();
  let wake: (() => void) | undefined;
  const receive = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const id = requestId(message);
    if (id !== undefined) pending.add(id);
    receive?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message, options) => {
    try {
      await send(message, options);
    } finally {
      const id = responseId(message);
      if (id !== undefined && pending.delete(id) && pending.size === 0) wake?.();
    }
  };
  return {
    async idle() {
      while (pending.size > 0) await new Promise<void>((resolve) => (wake = resolve));
    },
  };
}
