/** A page draws itself into `root` and returns what stops its timers and streams. */
export type Page = (root: HTMLElement, params: Record<string, string>) => (() => void) | undefined;
