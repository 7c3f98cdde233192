/**
 * A fetch for one unary call, made with XMLHttpRequest so that the request
 * body's upload progress can be reported (fetch has no upload progress).
 */
export function xhrFetch(onUploadProgress: (sent: number, total: number) => void): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const url = input instanceof Request ? input.url : String(input);
      xhr.open(init?.method ?? "GET", url);
      xhr.responseType = "arraybuffer";
      for (const [name, value] of new Headers(init?.headers)) xhr.setRequestHeader(name, value);
      xhr.upload.onprogress = (e) => onUploadProgress(e.loaded, e.total);
      xhr.onload = () =>
        resolve(
          new Response(xhr.response as ArrayBuffer, {
            status: xhr.status,
            statusText: xhr.statusText,
            headers: parseHeaders(xhr.getAllResponseHeaders()),
          }),
        );
      xhr.onerror = () => reject(new TypeError("the connection to the daemon failed"));
      xhr.onabort = () => reject(new DOMException("the upload was cancelled", "AbortError"));
      init?.signal?.addEventListener("abort", () => xhr.abort());
      xhr.send((init?.body ?? null) as XMLHttpRequestBodyInit | null);
    });
}

function parseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const at = line.indexOf(":");
    if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return headers;
}
