/**
 * CEF event → cg:SecurityEvent. The event `affects` the device named by its
 * destination or device address (resolved by the `ip` / `mac` property through
 * keyed references, so no id guessing); a `cs<n>` field labelled
 * `mitreTechnique` (or `act` with an ATT&CK id) gives `usesTechnique`.
 */
export const CEF_SEVERITY_WORDS: Readonly<Record<string, string>> = {
  low: 'low', medium: 'medium', high: 'high', 'very-high': 'critical', unknown: 'unknown',
};

/** CEF numeric severity 0-10 → cg severity word (CEF rev. 25 "Severity"). */
export function severityOf(raw: string): string | undefined {
  const n = Number(raw);
  if (raw.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= 10) return n <= 3 ? 'low' : n <= 6 ? 'medium' : n <= 8 ? 'high' : 'critical';
  return CEF_SEVERITY_WORDS[raw.trim().toLowerCase()];
}

/** Extension keys whose value is the address of the affected device, in order of preference. */
export const AFFECTED_IP_KEYS = ['dst', 'dvc'] as const;
export const AFFECTED_MAC_KEYS = ['dmac', 'dvcmac'] as const;

export const ATTACK_ID = /^T\d{4}(\.\d{3})?$/;

/** cs1..cs6 labelled as an ATT&CK technique, with their value. */
export function techniqueIdsOf(extension: Readonly<Record<string, string>>): string[] {
  const ids: string[] = [];
  for (let i = 1; i <= 6; i++) {
    const label = extension[`cs${i}Label`]?.toLowerCase();
    const value = extension[`cs${i}`];
    if (value && label && /mitre|attack|technique/.test(label)) ids.push(...value.split(/[,\s]+/).filter((v) => ATTACK_ID.test(v)));
  }
  return ids;
}
