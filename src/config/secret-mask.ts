/** What a secret's value reads as outside the daemon. */
export const SECRET_MASK = "********";

/** A secret as shown: each key that is set becomes the mask; an empty one stays empty. */
export function maskSecret(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecret);
  // An api_keys entry of a tenant: its key is the secret.
  if (typeof value === "object" && value !== null && "key" in value) {
    return { ...value, key: maskSecret((value as { key: unknown }).key) };
  }
  return typeof value === "string" && value !== "" ? SECRET_MASK : value;
}

/** The candidate repeats the mask it was shown: keep the secret as it is. */
export function isMaskedSecret(candidate: unknown, current: unknown): boolean {
  return JSON.stringify(candidate) === JSON.stringify(maskSecret(current));
}
