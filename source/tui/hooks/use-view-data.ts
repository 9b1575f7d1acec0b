/**
 * Rows of a list view, fetched from the services a page at a time around the scroll
 * window (server-side filter, sort, LIMIT/OFFSET), so 1,000,000 rows cost what 100 do.
 * The filter is debounced; while a new filter, sort or refresh loads, the previous rows
 * stay on screen. A failed fetch becomes a one-line notice and is retried.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import type {BrowseServices, ListRow, SortOrder, ViewId} from '../../services/leads.js';

export const PAGE_SIZE = 100;
export const FILTER_DEBOUNCE_MS = 60;
export const RETRY_MS = 2000;

type Generation = {
	key: string;
	pages: Map<number, ListRow[]>;
	count: {count: number; exact: boolean} | undefined;
	inflight: Set<string>;
	fetchedAt: Date | undefined;
	/** After a failure nothing is fetched again before this time (ms). */
	blockedUntil: number;
};

export type ViewData = {
	rowAt: (index: number) => ListRow | undefined;
	/** Rows the table can move through: the count, or what is loaded while counting. */
	total: number;
	count: {count: number; exact: boolean} | undefined;
	fetchedAt: Date | undefined;
	error: string | undefined;
	/** True while the rows on screen are not yet those of the current filter/sort. */
	stale: boolean;
	refresh: () => void;
	/** The exact row count (counted on demand when the quick count was an estimate). */
	exactTotal: () => Promise<number>;
	/** All rows loaded for the window are present. */
	loadedRows: () => ListRow[];
};

const newGeneration = (key: string): Generation => ({key, pages: new Map(), count: undefined, inflight: new Set(), fetchedAt: undefined, blockedUntil: 0});

export function useViewData(services: BrowseServices, view: ViewId, filter: string, sort: SortOrder, windowStart: number, windowSize: number, options: {refreshMs?: number; pollActiveMs?: number; isActive?: (row: ListRow) => boolean} = {}): ViewData {
	const [debouncedFilter, setDebouncedFilter] = useState(filter);
	const [refreshGeneration, setRefreshGeneration] = useState(0);
	const [retryGeneration, setRetryGeneration] = useState(0);
	const [, setVersion] = useState(0);
	const [error, setError] = useState<string | undefined>();
	const bump = useCallback(() => setVersion((v) => v + 1), []);

	useEffect(() => {
		if (filter === debouncedFilter) return;
		// An emptied filter applies at once (Esc); typing waits for a pause.
		if (filter === '') {
			setDebouncedFilter('');
			return;
		}
		const timer = setTimeout(() => setDebouncedFilter(filter), FILTER_DEBOUNCE_MS);
		return () => clearTimeout(timer);
	}, [filter, debouncedFilter]);

	const key = JSON.stringify([view, debouncedFilter, sort.column, sort.descending, refreshGeneration]);
	const current = useRef<Generation>(newGeneration(key));
	const previous = useRef<Generation | undefined>(undefined);
	if (current.current.key !== key) {
		const old = current.current;
		// Same view: keep showing the old rows until the new ones arrive.
		const sameView = JSON.parse(old.key)[0] === view;
		previous.current = sameView && old.pages.size > 0 ? old : sameView ? previous.current : undefined;
		current.current = newGeneration(key);
	}

	const fetchPage = useCallback(
		(generation: Generation, page: number) => {
			const id = `page:${page}`;
			if (generation.pages.has(page) || generation.inflight.has(id) || Date.now() < generation.blockedUntil) return;
			generation.inflight.add(id);
			const [, filterText, column, descending] = JSON.parse(generation.key) as [ViewId, string, string, boolean];
			const total = generation.count?.exact ? generation.count.count : undefined;
			services
				.loadPage(view, {filter: filterText, sort: {column, descending}, offset: page * PAGE_SIZE, limit: PAGE_SIZE, total})
				.then((rows) => {
					generation.pages.set(page, rows);
					generation.fetchedAt = new Date();
					// A short page is the end: the exact count is now known.
					if (rows.length < PAGE_SIZE && (rows.length > 0 || page === 0)) generation.count = {count: page * PAGE_SIZE + rows.length, exact: true};
					if (generation === current.current) {
						previous.current = undefined;
						setError(undefined);
					}
				})
				.catch((failure: unknown) => {
					generation.blockedUntil = Date.now() + RETRY_MS;
					if (generation === current.current) {
						setError(noticeText(failure));
						setTimeout(() => setRetryGeneration((g) => g + 1), RETRY_MS + 20);
					}
				})
				.finally(() => {
					generation.inflight.delete(id);
					bump();
				});
		},
		[services, view, bump],
	);

	useEffect(() => {
		const generation = current.current;
		const first = Math.floor(windowStart / PAGE_SIZE);
		const last = Math.floor((windowStart + Math.max(1, windowSize) - 1) / PAGE_SIZE);
		for (let page = first; page <= last; page++) {
			if (generation.count?.exact && page * PAGE_SIZE >= generation.count.count && page > 0) break;
			fetchPage(generation, page);
		}
		if (!generation.count && !generation.inflight.has('count') && Date.now() >= generation.blockedUntil) {
			generation.inflight.add('count');
			const [, filterText] = JSON.parse(generation.key) as [ViewId, string];
			services
				.count(view, filterText)
				.then((count) => {
					if (!generation.count?.exact) generation.count = count;
				})
				.catch(() => {
					// The page fetch reports the failure; the count is retried with it.
					generation.blockedUntil = Date.now() + RETRY_MS;
				})
				.finally(() => {
					generation.inflight.delete('count');
					bump();
				});
		}
	});

	// Retry after a failure: refetch what the window needs.
	useEffect(() => {
		if (retryGeneration > 0) bump();
	}, [retryGeneration, bump]);

	const refresh = useCallback(() => setRefreshGeneration((g) => g + 1), []);

	// Auto-refresh (preference; 0 = off), and a faster poll while jobs in view are running.
	const shownRows = loaded(current.current.pages.size > 0 ? current.current : (previous.current ?? current.current));
	const anyActive = options.isActive ? shownRows.some(options.isActive) : false;
	const interval = anyActive && options.pollActiveMs ? options.pollActiveMs : options.refreshMs;
	useEffect(() => {
		if (!interval) return;
		const timer = setInterval(() => setRefreshGeneration((g) => g + 1), interval);
		return () => clearInterval(timer);
	}, [interval]);

	const shown = current.current.pages.size > 0 || !previous.current ? current.current : previous.current;
	// The count belongs to the rows on screen (a new filter's count waits for its rows).
	const count = shown.count;
	const loadedCount = Math.max(0, ...[...shown.pages.entries()].map(([page, rows]) => page * PAGE_SIZE + rows.length));
	const total = count ? (count.exact ? count.count : Math.max(count.count, loadedCount)) : loadedCount;

	return {
		rowAt: (index) => shown.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
		total,
		count,
		fetchedAt: shown.fetchedAt,
		error,
		stale: shown !== current.current,
		refresh,
		exactTotal: async () => {
			const generation = current.current;
			if (generation.count?.exact) return generation.count.count;
			const [, filterText] = JSON.parse(generation.key) as [ViewId, string];
			const exact = await services.countExactly(view, filterText);
			generation.count = {count: exact, exact: true};
			bump();
			return exact;
		},
		loadedRows: () => loaded(shown),
	};
}

function loaded(generation: Generation): ListRow[] {
	return [...generation.pages.entries()].sort(([a], [b]) => a - b).flatMap(([, rows]) => rows);
}

/** The first line of an error, for the notice line (never a stack). */
export function noticeText(failure: unknown): string {
	const message = (failure as Error)?.message ?? String(failure);
	return message.split('\n')[0]!;
}
