import type { IncomingHttpHeaders } from "node:http";
import { hostPreviewTarget } from "./preview-host.js";
import { type PreviewTarget, previewTarget } from "./preview-target.js";

/**
 * The preview a request is for: by its Host when that is one of the preview
 * domain's names (the path is then the server's own, whatever it is), else
 * by a /v1/sessions/{id}/ports/{port}/... path. Undefined: no preview.
 */
export function previewRequestTarget(
  req: { headers: IncomingHttpHeaders; url?: string },
  domain: string,
): PreviewTarget | "bad-port" | undefined {
  const url = req.url ?? "/";
  return hostPreviewTarget(req.headers, url, domain) ?? previewTarget(url);
}
