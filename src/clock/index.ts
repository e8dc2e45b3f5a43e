/** Hybrid logical clock: timestamps that order cause before effect despite clock skew. */
export { HybridLogicalClock, compareHlc, encodeHlc, decodeHlc, HLC_MAX_COUNTER } from './hlc.js'
export type { HlcTimestamp } from './hlc.js'
