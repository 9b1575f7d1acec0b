/**
 * Sliding-window rate limiting, as arithmetic. Two stores share it:
 *
 * - Redis keeps one timestamp per accepted request in a sorted set (an exact sliding
 *   window); `decideExact` is what its script computes.
 * - PostgreSQL (`users_rate_limits`) keeps per-second buckets (`window_start`,
 *   `request_count`); `decideBuckets` sums the buckets inside the window. A bucket is
 *   counted while any part of its second lies in the window, so the limit is never
 *   exceeded; a caller may wait up to one second longer than with Redis.
 *
 * Pure: the clock is a parameter (`now`, milliseconds since the epoch).
 */

export const defaultWindowMs = 60_000;
export const bucketMs = 1_000;

export type RateDecision = {allowed: boolean; count: number; limit: number; retryAfterMs: number};

/** Exact window over accepted request times (ms). */
export function decideExact(acceptedAt: readonly number[], now: number, limit: number, windowMs = defaultWindowMs): RateDecision {
	const inWindow = acceptedAt.filter((at) => at > now - windowMs).sort((a, b) => a - b);
	if (inWindow.length < limit) return {allowed: true, count: inWindow.length + 1, limit, retryAfterMs: 0};
	// The request after the limit may go once enough of the oldest ones have left.
	const freeing = inWindow[inWindow.length - limit]!;
	return {allowed: false, count: inWindow.length, limit, retryAfterMs: Math.max(1, freeing + windowMs - now)};
}

export type Bucket = {start: number; count: number};

/** The bucket a moment falls in. */
export function bucketStart(now: number): number {
	return Math.floor(now / bucketMs) * bucketMs;
}

/** Buckets that still count at `now`: any bucket whose end is after the window's start. */
export function bucketInWindow(bucket: Bucket, now: number, windowMs = defaultWindowMs): boolean {
	return bucket.start + bucketMs > now - windowMs;
}

/** The earliest bucket start that still counts at `now` (for the SQL filter). */
export function oldestCountedBucket(now: number, windowMs = defaultWindowMs): number {
	return bucketStart(now - windowMs);
}

/** Bucketed window: sums the buckets in the window and says when one more request fits. */
export function decideBuckets(buckets: readonly Bucket[], now: number, limit: number, windowMs = defaultWindowMs): RateDecision {
	const live = buckets.filter((bucket) => bucketInWindow(bucket, now, windowMs)).sort((a, b) => a.start - b.start);
	const count = live.reduce((sum, bucket) => sum + bucket.count, 0);
	if (count < limit) return {allowed: true, count: count + 1, limit, retryAfterMs: 0};
	// Drop buckets oldest first until one more request fits; it fits when that bucket leaves.
	let remaining = count;
	for (const bucket of live) {
		remaining -= bucket.count;
		if (remaining < limit) {
			return {allowed: false, count, limit, retryAfterMs: Math.max(1, bucket.start + bucketMs + windowMs - now)};
		}
	}
	return {allowed: false, count, limit, retryAfterMs: windowMs};
}

/** "in 42 s" / "in 1 min 5 s": when to retry, for the error message. */
export function retryText(retryAfterMs: number): string {
	const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.floor(seconds / 60);
	const rest = seconds % 60;
	return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
