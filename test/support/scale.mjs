// ARENAJSON_TEST_SCALE: a fraction in (0, 1] (default 1) for slow runs, such
// as npm run test:arm64 under emulation. The heaviest generated-input tests do
// that share of their iterations, and a child process gets 1/scale times as
// long before its time bound counts as a hang.
const requested = Number(process.env.ARENAJSON_TEST_SCALE ?? 1);
export const testScale = requested > 0 && requested <= 1 ? requested : 1;

/** `count` iterations scaled down, never fewer than `minimum`. */
export const scaled = (count, minimum = 1) => Math.max(minimum, Math.round(count * testScale));

/** A child process's time bound in milliseconds, lengthened for a slow run. */
export const timeBound = (ms) => Math.round(ms / testScale);
