import type http from "node:http";
import type http2 from "node:http2";
import type { DashboardFile, DashboardFiles } from "./dashboard-files.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;
/** Both kinds answer writeHead and end alike; TypeScript cannot call the union. */
type AnyResponse = http.ServerResponse;

/**
 * The dashboard's own client-side routes: these answer with index.html. A
 * whitelist, so the dashboard can never shadow /v1, /healthz, /mcp or an RPC
 * path (/sandkasten.v1.*, /grpc.*).
 */
const CLIENT_ROUTES =
  /^\/(sign-in|sessions|sessions\/[a-z0-9]{1,64}(\/(files|terminal|jobs))?|workspaces|workspaces\/[a-z0-9._-]{1,63}|pool|stats|config)$/;

/** The page loads only its own files and talks only to this port. */
const PAGE_POLICY =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sandkasten</title>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>The dashboard is not built</h1>
<p>This daemon found no <code>web/dist</code>. Run <code>npm run build</code> in the checkout and restart the daemon.</p>
<p>The API on this port works without it.</p></body></html>`;

const OFF_TEXT =
  "The web dashboard is turned off (dashboard.enabled: false). The API on this port works without it.\n";

/** A GET or HEAD of one of the dashboard's pages: its path, or undefined. */
function pagePath(req: Request): { path: string; isPage: boolean } | undefined {
  if (req.method !== "GET" && req.method !== "HEAD") return undefined;
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  return { path, isPage: path === "/" || path === "/index.html" || CLIENT_ROUTES.test(path) };
}

/**
 * Serves the built dashboard for GET and HEAD of "/", its files and its
 * client routes, and returns true; returns false for anything else.
 */
export function createDashboardHandler(
  files: DashboardFiles | undefined,
): (req: Request, res: Response) => boolean {
  return (req, response) => {
    const res = response as AnyResponse;
    const asked = pagePath(req);
    if (!asked) return false;
    const { path, isPage } = asked;
    if (!files) {
      if (!isPage) return false;
      res.writeHead(404, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-cache",
      });
      res.end(req.method === "HEAD" ? undefined : NOT_BUILT_PAGE);
      return true;
    }
    const file = isPage ? files.get("/index.html") : files.get(path);
    if (file) {
      send(req, res, file);
      return true;
    }
    // A browser that opens an address the dashboard doesn't have gets the
    // page, which shows its own "not found", under a real 404 status.
    const page = files.get("/index.html");
    if (!page || !isNavigation(req, path)) return false;
    send(req, res, page, 404);
    return true;
  };
}

/**
 * A browser asking for a page: it accepts HTML, and the path is not one of
 * the API's (no RPC path has a dotless first segment of these names).
 */
function isNavigation(req: Request, path: string): boolean {
  const accept = req.headers.accept ?? "";
  if (!accept.includes("text/html")) return false;
  const first = path.split("/")[1] ?? "";
  return !first.includes(".") && !["v1", "api", "mcp", "healthz", "metrics"].includes(first);
}

function send(req: Request, res: AnyResponse, file: DashboardFile, status = 200): void {
  const headers = {
    "content-type": file.contentType,
    "cache-control": file.cacheControl,
    etag: file.etag,
    "x-content-type-options": "nosniff",
    ...(file.contentType.startsWith("text/html") ? { "content-security-policy": PAGE_POLICY } : {}),
  };
  if (status === 200 && req.headers["if-none-match"] === file.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(status, { ...headers, "content-length": String(file.body.length) });
  res.end(req.method === "HEAD" ? undefined : file.body);
}

/** With the dashboard turned off, its pages answer 404 saying so; its files are not there. */
export function dashboardOff(req: Request, response: Response): boolean {
  if (!pagePath(req)?.isPage) return false;
  const res = response as AnyResponse;
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-cache" });
  res.end(req.method === "HEAD" ? undefined : OFF_TEXT);
  return true;
}
