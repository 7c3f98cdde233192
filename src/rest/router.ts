import type { RestRoute } from "./context.js";

export type RouteMatch =
  | { kind: "found"; route: RestRoute; params: Record<string, string> }
  | { kind: "wrong-method"; allow: string[] }
  | { kind: "not-found" };

export function matchRoute(
  routes: readonly RestRoute[],
  method: string,
  segments: readonly string[],
): RouteMatch {
  const allow = new Set<string>();
  for (const route of routes) {
    const params = matchPath(route.path, segments);
    if (params === undefined) continue;
    if (route.method === method) return { kind: "found", route, params };
    allow.add(route.method);
  }
  return allow.size === 0 ? { kind: "not-found" } : { kind: "wrong-method", allow: [...allow] };
}

function matchPath(
  pattern: string,
  segments: readonly string[],
): Record<string, string> | undefined {
  const parts = pattern.split("/").slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? "";
    if (part.startsWith(":")) {
      if (segment === "") return undefined;
      params[part.slice(1)] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}
