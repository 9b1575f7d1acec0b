import {describe, expect, it} from 'vitest';
import {answerShelf} from '../../../source/enrichment/http/answers.js';

const answer = (expiresAt: number) => ({status: 200, body: {ok: true}, retrievedAt: new Date(), expiresAt});

describe('answerShelf (a worker\'s copy of recent cache entries)', () => {
	it('serves an entry until its cache entry expires, never after', () => {
		const shelf = answerShelf({entries: 10, bytes: 1_000, largest: 500});
		const now = Date.now();
		shelf.put('a', answer(now + 60_000), 10);
		expect(shelf.get('a', now)?.body).toEqual({ok: true});
		expect(shelf.get('a', now + 60_000)).toBeUndefined();
		expect(shelf.size).toBe(0);
		shelf.put('gone', answer(now - 1), 10);
		expect(shelf.get('gone')).toBeUndefined();
	});

	it('keeps within its count and bytes, least recently used out first, and never an answer too large', () => {
		const shelf = answerShelf({entries: 2, bytes: 100, largest: 60});
		const later = Date.now() + 60_000;
		shelf.put('a', answer(later), 10);
		shelf.put('b', answer(later), 10);
		shelf.get('a');
		shelf.put('c', answer(later), 10);
		expect([shelf.get('a') !== undefined, shelf.get('b') !== undefined, shelf.get('c') !== undefined]).toEqual([true, false, true]);
		shelf.put('big', answer(later), 61);
		expect(shelf.get('big')).toBeUndefined();
		shelf.put('d', answer(later), 60);
		shelf.put('e', answer(later), 50);
		expect(shelf.get('d')).toBeUndefined();
		expect(shelf.get('e')).toBeDefined();
	});
});
