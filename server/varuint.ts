/**
 * lib0's unsigned varint (LEB128, as `encoding.writeVarUint` writes it), written straight into a
 * buffer sized beforehand: for the few messages on the path every keystroke waits on, where an
 * encoder, its chunks and the copy out of it cost ~10–20 µs when the code is cold.
 */

/** How many bytes `value` (an integer, 0 ≤ value < 2^53) takes. */
export function varUintLength(value: number): number {
  let length = 1;
  for (; value > 0x7f; length++) value = Math.floor(value / 128);
  return length;
}

/** Writes `value` into `target` at `at`; returns the offset after it. */
export function writeVarUint(target: Uint8Array, at: number, value: number): number {
  for (; value > 0x7f; value = Math.floor(value / 128)) target[at++] = 0x80 | (value & 0x7f);
  target[at++] = value;
  return at;
}
