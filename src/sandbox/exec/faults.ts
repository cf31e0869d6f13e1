/**
 * Fault injection for exec connections, read from the pod annotation
 * `sandbox.podexec.io/faults: "key=value,key=value"`. docs/sandbox-exec.md describes each key.
 */

export const FAULTS_ANNOTATION = 'sandbox.podexec.io/faults';

export interface ExecFaults {
  /** Destroy the TCP connection once this many stdout and stderr payload bytes were sent. */
  dropAfterBytes?: number;
  /** Destroy the TCP connection this many milliseconds after the upgrade. */
  dropAfterMs?: number;
  /** Close the WebSocket with 1000 and no status once this many output bytes were sent. */
  closeWithoutStatusAfterBytes?: number;
  /** Pace stdout and stderr payload to this many bytes per second. */
  throttleBytesPerSecond?: number;
  /** Delay the upgrade response and every server message by this many milliseconds. */
  latencyMs?: number;
  /** HTTP status for failed upgrade attempts, 400–599. */
  upgradeStatus?: number;
  /** How many upgrade attempts per pod fail with `upgradeStatus`; unlimited when absent. */
  upgradeFailures?: number;
  /** Value of the `Retry-After` header on failed upgrades. */
  retryAfterSeconds?: number;
}

export type ExecFaultsResult = { ok: true; faults: ExecFaults } | { ok: false; message: string };

interface FaultKey {
  field: keyof ExecFaults;
  min: number;
  max: number;
}

const FAULT_KEYS: ReadonlyMap<string, FaultKey> = new Map([
  ['drop-after-bytes', { field: 'dropAfterBytes', min: 0, max: Number.MAX_SAFE_INTEGER }],
  ['drop-after-ms', { field: 'dropAfterMs', min: 0, max: 2_147_483_647 }],
  ['close-without-status-after-bytes', { field: 'closeWithoutStatusAfterBytes', min: 0, max: Number.MAX_SAFE_INTEGER }],
  ['throttle-bytes-per-second', { field: 'throttleBytesPerSecond', min: 1, max: Number.MAX_SAFE_INTEGER }],
  ['latency-ms', { field: 'latencyMs', min: 0, max: 600_000 }],
  ['upgrade-status', { field: 'upgradeStatus', min: 400, max: 599 }],
  ['upgrade-failures', { field: 'upgradeFailures', min: 0, max: Number.MAX_SAFE_INTEGER }],
  ['retry-after-seconds', { field: 'retryAfterSeconds', min: 0, max: 86_400 }],
] satisfies Array<[string, FaultKey]>);

/**
 * Parses the faults annotation. Every entry must be `key=integer` with a known key and a value in
 * range, and `upgrade-failures` and `retry-after-seconds` need `upgrade-status`. A mistake is an
 * error rather than an ignored fault, so a test never passes without its fault.
 */
export function parseFaults(annotations: Record<string, string>): ExecFaultsResult {
  const text = annotations[FAULTS_ANNOTATION];
  const faults: ExecFaults = {};
  if (text === undefined || text.trim() === '') return { ok: true, faults };

  for (const rawEntry of text.split(',')) {
    const entry = rawEntry.trim();
    if (entry === '') continue;

    const separator = entry.indexOf('=');
    const key = (separator < 0 ? entry : entry.slice(0, separator)).trim();
    const value = separator < 0 ? '' : entry.slice(separator + 1).trim();
    const definition = FAULT_KEYS.get(key);
    if (definition === undefined) {
      const known = [...FAULT_KEYS.keys()].join(', ');
      return { ok: false, message: `unknown fault "${key}" in "${entry}"; known faults: ${known}` };
    }

    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < definition.min || number > definition.max) {
      return {
        ok: false,
        message: `invalid value in "${entry}": expected an integer from ${definition.min} to ${definition.max}`,
      };
    }
    faults[definition.field] = number;
  }

  if (faults.upgradeStatus === undefined) {
    for (const [key, field] of [['upgrade-failures', 'upgradeFailures'], ['retry-after-seconds', 'retryAfterSeconds']] as const) {
      if (faults[field] !== undefined) return { ok: false, message: `fault "${key}" requires "upgrade-status"` };
    }
  }
  return { ok: true, faults };
}
