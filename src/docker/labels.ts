/** Labels on everything the daemon creates, so it can find what it owns. */
export const LABEL_MANAGED = "sandkasten.managed";
export const LABEL_INSTANCE = "sandkasten.instance";
export const LABEL_SESSION = "sandkasten.session";
export const LABEL_KIND = "sandkasten.kind";
export const LABEL_WORKSPACE = "sandkasten.workspace";

export function sessionLabels(instance: string, sessionId: string): Record<string, string> {
  return {
    [LABEL_MANAGED]: "true",
    [LABEL_INSTANCE]: instance,
    [LABEL_SESSION]: sessionId,
    [LABEL_KIND]: "session",
  };
}

/** Docker list filter for what one daemon instance owns. */
export function instanceFilter(instance: string): { label: string[] } {
  return { label: [`${LABEL_MANAGED}=true`, `${LABEL_INSTANCE}=${instance}`] };
}
