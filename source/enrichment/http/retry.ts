/** Backoff arithmetic, pure. */
import type {HttpTimings} from './settings.js';

/**
 * Milliseconds to wait before retry number `retry` (0-based): exponential from
 * baseDelayMs with "equal jitter" (half fixed, half random), at least what Retry-After
 * asked for, never more than maxDelayMs.
 */
export function retryDelayMs(retry: number, timings: HttpTimings, retryAfterMs?: number, random: () => number = Math.random): number {
	const exponential = timings.baseDelayMs * 2 ** retry;
	const jittered = exponential / 2 + (random() * exponential) / 2;
	const wanted = Math.max(jittered, retryAfterMs ?? 0);
	return Math.round(Math.min(wanted, timings.maxDelayMs));
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Sleeps, resolving early (with an abort error) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0) return Promise.resolve();
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(signal.reason ?? new Error('aborted'));
			return;
		}
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason ?? new Error('aborted'));
		};
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}
