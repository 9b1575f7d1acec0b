/**
 * The worker's own copy of recent cache entries, in front of Redis and core_api_cache:
 * answers many domains share (SEC's ticker list, a popular competitor's BuiltWith
 * lookup, a filing's exhibits) are read once per process instead of once per domain.
 * An entry lives until its cache entry expires — as long as the Redis copy does — so it
 * serves nothing the cache would not. Bounded by count and by bytes; least recently used
 * first out. A hit here counts no hit_count (as a Redis hit does not).
 */

export type Answer = {status: number; body: unknown; retrievedAt: Date; expiresAt: number};

type Kept = Answer & {bytes: number};

export type AnswerShelf = {
	get(key: string, now?: number): Answer | undefined;
	/** `bytes`: the answer's size (what it costs to keep); too large ones are not kept. */
	put(key: string, answer: Answer, bytes: number): void;
	readonly size: number;
};

export function answerShelf(limits: {entries: number; bytes: number; largest: number}): AnswerShelf {
	const kept = new Map<string, Kept>();
	let bytes = 0;
	const drop = (key: string) => {
		const entry = kept.get(key);
		if (!entry) return;
		kept.delete(key);
		bytes -= entry.bytes;
	};
	return {
		get(key, now = Date.now()) {
			const entry = kept.get(key);
			if (!entry) return undefined;
			if (entry.expiresAt <= now) {
				drop(key);
				return undefined;
			}
			// Most recently used last.
			kept.delete(key);
			kept.set(key, entry);
			return entry;
		},
		put(key, answer, size) {
			drop(key);
			if (size > limits.largest || answer.expiresAt <= Date.now()) return;
			kept.set(key, {...answer, bytes: size});
			bytes += size;
			for (const oldest of kept.keys()) {
				if (kept.size <= limits.entries && bytes <= limits.bytes) break;
				drop(oldest);
			}
		},
		get size() {
			return kept.size;
		},
	};
}
