import type { DescService } from "@bufbuild/protobuf";
import { currentRequest } from "./request-context.js";

/**
 * How an RPC came: grpc, grpc-web or connect from a client, or rest and mcp
 * for the routes that call the handlers in process (told by the URL of the
 * HTTP request being served: an RPC's path starts with its service's name).
 */
export function protocolOf(service: DescService, header: Headers): string {
  const url = currentRequest()?.url;
  if (url !== undefined && !url.startsWith(`/${service.typeName}/`)) {
    return url.startsWith("/mcp") ? "mcp" : "rest";
  }
  const type = header.get("content-type") ?? "";
  if (type.startsWith("application/grpc-web")) return "grpc-web";
  if (type.startsWith("application/grpc")) return "grpc";
  return "connect";
}
