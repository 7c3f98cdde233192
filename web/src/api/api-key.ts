// The API key lives in sessionStorage: this browser tab only, gone when it closes.
const KEY = "sandkasten.apiKey";

export function storedApiKey(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function storeApiKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function forgetApiKey(): void {
  sessionStorage.removeItem(KEY);
}
