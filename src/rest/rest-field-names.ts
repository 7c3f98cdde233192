// The services name fields as the proto does; REST bodies are flat and the
// ids are in the path. Messages are rewritten to the names a REST caller sent.
const renames: [RegExp, string][] = [
  [/\blimits\.(cpu_limit|mem_limit_mb|pids_limit)\b/g, "$1"],
  [/^(session_id|id) must be an id/, "the id in the path must be an id"],
  // A name's bytes come over REST as path_base64 (a body or query field, a
  // multipart field), a terminal's input as text or data_base64.
  [/\bpath_bytes\b/g, "path_base64"],
  [/(^|; )data must/g, "$1the input (text or data_base64) must"],
  // The snapshot routes: the name is in the path, diff's other side in `against`.
  [/^name snapshot names are/, "the snapshot name in the path: snapshot names are"],
  [/\bbase_workspace_id\b/g, "against"],
];

export function withRestFieldNames(message: string): string {
  return renames.reduce((text, [re, name]) => text.replace(re, name), message);
}
