/**
 * A person as others see them: a display name and the colour derived from it (the same name gets
 * the same colour in every browser). Signed in, the name is the account's; on a server without
 * accounts (tests of other concerns) the page asks for one and remembers it in localStorage.
 */
const storageKey = 'nianbao:displayName';

export interface Person {
  readonly name: string;
  /** `#rrggbb`: y-prosemirror's carets accept only six-digit hex colours. */
  readonly color: string;
}

export function loadDisplayName(): string | null {
  const name = window.localStorage.getItem(storageKey)?.trim();
  return name ? name : null;
}

export function saveDisplayName(name: string): void {
  window.localStorage.setItem(storageKey, name.trim());
}

/**
 * Twelve hues spaced around the wheel (every 30°, from 10°), dark enough for white name labels:
 * picking from a spaced set keeps two people apart far better than a free hue from a hash.
 */
const palette: readonly string[] = Array.from({ length: 12 }, (_, i) => hslToHex(10 + i * 30, 0.62, 0.42));

/** Readable on white; the same name gets the same colour in every browser. */
export function colorForName(name: string): string {
  // FNV-1a, then a final avalanche so that names differing in one character spread out.
  let hash = 2166136261;
  for (const ch of name) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 16777619);
  }
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  hash ^= hash >>> 12;
  return palette[(hash >>> 0) % palette.length];
}

export function personNamed(name: string): Person {
  return { name, color: colorForName(name) };
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** The first character (or two Latin letters) shown in an avatar. */
export function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (/^[A-Za-z]/.test(trimmed)) return trimmed.slice(0, 2).toUpperCase();
  return Array.from(trimmed)[0] ?? '?';
}
