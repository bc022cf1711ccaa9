/** The time source of the accounts code, injectable so that expiry and rate limits test with a fake clock. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
