/**
 * `pf discover`: pages through the BuiltWith Lists API for one partner technology and
 * turns every listed site that is not an Algolia customer into a displacement target
 * (core_companies + the partner technology in intel_technology_stack). Resumable: the
 * cursor moves with each page's writes, and a new run with the same technology and
 * filters continues an unfinished one.
 */
import type {Sql} from '../db/client.js';
import {normaliseDomain} from '../domain/domain-name.js';
import {NotPermittedError, PfError, UsageError} from '../errors.js';
import {createSourceHttp, isSourceHttpError} from '../enrichment/http.js';
import {fetchListsPage, listsKey} from '../enrichment/sources/builtwith-lists.js';
import {discoveryKey, parseCountry, parseSince} from '../discovery/filters.js';
import type {ListedSite} from '../discovery/lists-page.js';
import {addRunCalls, classifySites, lockDiscovery, markRun, openRun, selectOpenRun, selectRun, selectRuns, writeDiscoveredPage, type DiscoveredSite, type DiscoveryRunRow, type DiscoveryRunStatus, type PageCounts} from '../db/discovery.js';
import {resolvePartner, seedPartnerCatalogue} from './partners.js';

export type {DiscoveryRunRow};

export type DiscoverInput = {
	technology: string;
	since?: string;
	country?: string;
	max?: number;
	dryRun?: boolean;
	actor: string;
	env: NodeJS.ProcessEnv;
	signal?: AbortSignal;
	/** Called after each page. */
	onProgress?: (progress: DiscoverProgress) => void;
};

export type DiscoverCounts = {listed: number; newCompanies: number; alreadyKnown: number; skippedCustomer: number; invalid: number};

export type DiscoverProgress = DiscoverCounts & {page: number; apiCalls: number};

export type DiscoverReport = {
	technology: string;
	listsName: string;
	since: string | null;
	country: string | null;
	dryRun: boolean;
	runId: string | null;
	status: DiscoveryRunStatus;
	/** True when this run continued an unfinished one. */
	resumed: boolean;
	/** Pages fetched by this invocation. */
	pages: number;
	/** What this invocation did. */
	counts: DiscoverCounts;
	/** What the whole run (across resumes) did; null for a dry run. */
	runTotals: (DiscoverCounts & {pages: number; apiCalls: number; costEstimate: number}) | null;
	apiCalls: number;
	costEstimate: number;
	/**
	 * Milliseconds: all; waiting for the Lists API (HTTP, retries, rate limit) with
	 * nothing else to do (a page fetched during the previous page's write is waited for
	 * only for what is left of it); the rest (processMs), of which dbMs waiting for
	 * PostgreSQL's page writes.
	 */
	timings: {totalMs: number; fetchMs: number; processMs: number; dbMs: number};
	invalidExamples: {value: string; reason: string}[];
};

export type ValidatedDiscover = {since: string | null; country: string | null; max: number | undefined};

/** Checks the filters before anything is fetched or written; bad input → exit 2. */
export function validateDiscoverFilters(input: {since?: string; country?: string; max?: number | string}): ValidatedDiscover {
	let since: string | null = null;
	if (input.since !== undefined) {
		const parsed = parseSince(input.since);
		if (!parsed.ok) throw new UsageError(`--since "${input.since}" is not valid: ${parsed.reason}`, 'use a span such as 30d, 12w, 6m, 1y or a date such as 2026-01-31');
		since = parsed.param;
	}
	let country: string | null = null;
	if (input.country !== undefined) {
		const parsed = parseCountry(input.country);
		if (!parsed.ok) throw new UsageError(`--country "${input.country}" is not valid: ${parsed.reason}`, 'use ISO 3166-1 alpha-2 codes, comma-separated, e.g. --country gb,de');
		country = parsed.param;
	}
	let max: number | undefined;
	if (input.max !== undefined) {
		max = typeof input.max === 'number' ? input.max : Number(input.max);
		if (!Number.isInteger(max) || max < 1) throw new UsageError(`--max "${input.max}" is not valid`, 'give a whole number of domains, at least 1');
	}
	return {since, country, max};
}

/** Normalises a page's sites: valid ones unique by domain, the rest counted as invalid. */
export function normaliseSites(sites: readonly ListedSite[]): {valid: DiscoveredSite[]; invalid: {value: string; reason: string}[]; duplicates: number} {
	const valid: DiscoveredSite[] = [];
	const invalid: {value: string; reason: string}[] = [];
	const seen = new Set<string>();
	let duplicates = 0;
	for (const site of sites) {
		const result = normaliseDomain(site.domain);
		if (!result.ok) {
			invalid.push({value: site.domain, reason: result.reason});
			continue;
		}
		if (seen.has(result.domain)) {
			duplicates++;
			continue;
		}
		seen.add(result.domain);
		valid.push({...site, domain: result.domain});
	}
	return {valid, invalid, duplicates};
}

function failure(error: unknown, page: number): PfError {
	if (error instanceof PfError) return error;
	const resume = 'run the same command again: it resumes from this page';
	if (isSourceHttpError(error)) {
		if (error.kind === 'unauthorized') return new NotPermittedError(`BuiltWith refused the Lists call on page ${page}: ${error.message}`, 'check BUILTWITH_API_KEY and the plan\'s Lists credits; ' + resume);
		if (error.kind === 'rate_limited') return new NotPermittedError(`BuiltWith rate-limited the Lists call on page ${page}: ${error.message}`, `wait a minute, then ${resume}`);
		if (error.kind === 'aborted') return new PfError('discovery interrupted', {exitCode: 130, hint: resume});
		return new PfError(`the BuiltWith Lists call for page ${page} failed: ${error.message}`, {hint: resume, cause: error});
	}
	return error as PfError;
}

/** Pages written at the same time (on as many connections): see the walk. */
const pagesWrittenAtOnce = 2;

/** Runs (or resumes) a discovery. See the module comment. */
export async function discover(sql: Sql, input: DiscoverInput): Promise<DiscoverReport> {
	const started = performance.now();
	// Everything that can be refused is checked before the first write or call.
	const filters = validateDiscoverFilters(input);
	const partner = await resolvePartner(sql, input.technology);
	const key = listsKey(input.env);
	if (!key) throw new UsageError('BUILTWITH_API_KEY is not set', 'export BUILTWITH_API_KEY=<your BuiltWith key> (PF_BUILTWITH_URL points pf at another server)');
	const apiKey: string = key;

	const usage = {apiCalls: 0, costEstimate: 0};
	// The walk's own signal also cancels a page fetched ahead when the walk stops early.
	const stop = new AbortController();
	const signal = input.signal ? AbortSignal.any([input.signal, stop.signal]) : stop.signal;
	const http = createSourceHttp({sql, env: input.env, usage, signal});
	const filterKey = discoveryKey(partner.listsName, filters.since, filters.country);
	const dryRun = input.dryRun ?? false;

	// One walk per discovery at a time (a dry run only reads).
	const unlock = dryRun ? async () => {} : await lockDiscovery(sql, filterKey);
	if (!unlock) {
		const open = await selectOpenRun(sql, filterKey);
		throw new PfError(`another pf discover for ${partner.listsName}${filters.since ? ` since ${filters.since}` : ''}${filters.country ? ` in ${filters.country}` : ''} is running${open?.startedBy ? ` (started by ${open.startedBy})` : ''}`, {hint: 'wait for it to finish, or stop it; its run resumes from its last page'});
	}
	try {
		return await walk();
	} finally {
		stop.abort();
		await unlock();
	}

	async function walk(): Promise<DiscoverReport> {
		let run: DiscoveryRunRow | undefined;
		let resumed = false;
		if (dryRun) {
			// A dry run previews what running now would do: from an unfinished run's cursor, writing nothing.
			run = await selectOpenRun(sql, filterKey);
			resumed = run !== undefined;
		} else {
			await seedPartnerCatalogue(sql);
			const opened = await openRun(sql, {technology: partner.name, listsName: partner.listsName, since: filters.since, country: filters.country, filterKey, actor: input.actor});
			run = opened.run;
			resumed = opened.resumed;
	}

	const counts: DiscoverCounts = {listed: 0, newCompanies: 0, alreadyKnown: 0, skippedCustomer: 0, invalid: 0};
	const invalidExamples: {value: string; reason: string}[] = [];
	let offset = run?.pageOffset ?? null;
	let position = run?.pagePosition ?? 0;
	let status: DiscoveryRunStatus = 'running';
	let pagesFetchedHere = 0;
	let fetchMs = 0;
	let dbMs = 0;
	let processed = 0;
	const runId = run?.id ?? null;

	// One page fetch, with the calls and cost it made (only one fetch is ever in flight, so
	// the usage counters' difference is its own).
	type Fetched = {page?: Awaited<ReturnType<typeof fetchListsPage>>; whole?: ReturnType<typeof normaliseSites>; error?: unknown; calls: number; cost: number};
	const fetchPage = (pageOffset: string | null, normalise = false): Promise<Fetched> => {
		const callsBefore = usage.apiCalls;
		const costBefore = usage.costEstimate;
		return fetchListsPage(http, apiKey, {tech: partner.listsName, since: filters.since, country: filters.country, offset: pageOffset}).then(
			// A page fetched ahead is normalised ahead too (while the previous one is written).
			(page) => ({page, whole: normalise ? normaliseSites(page.sites) : undefined, calls: usage.apiCalls - callsBefore, cost: usage.costEstimate - costBefore}),
			(error: unknown) => ({error, calls: usage.apiCalls - callsBefore, cost: usage.costEstimate - costBefore}),
		);
	};
	// Pipelined: while a page is written, the next one is already being fetched (its
	// OFFSET is known once the page is read), so the walk waits for the Lists API only
	// when it is slower than PostgreSQL.
	let ahead: Promise<Fetched> | undefined;

	// Two pages are written at once, each on its own connection, so PostgreSQL writes
	// on two cores (one backend writing the rows, their index entries and audit rows is
	// what bounds a first run). Each page's cursor moves only from where the page was
	// read, once the page before it committed (see writeDiscoveredPage): a page commits
	// after the one before it or not at all, so the committed pages stay a prefix of the walk.
	// A page sharing a domain with a page still being written waits for it (each would
	// miss the other's uncommitted rows). Counts and progress are taken in page order.
	type PendingWrite = {written: Promise<PageCounts>; domains: ReadonlySet<string>; listed: number; invalid: number; duplicates: number; pageNumber: number};
	const pending: PendingWrite[] = [];
	const settle = async (): Promise<void> => {
		const write = pending.shift()!;
		const waitStarted = performance.now();
		const pageCounts = await write.written;
		dbMs += performance.now() - waitStarted;
		counts.listed += write.listed;
		counts.invalid += write.invalid;
		counts.newCompanies += pageCounts.newCompanies;
		counts.alreadyKnown += pageCounts.alreadyKnown + write.duplicates;
		counts.skippedCustomer += pageCounts.skippedCustomer;
		input.onProgress?.({...counts, page: write.pageNumber, apiCalls: usage.apiCalls});
	};
	const drain = async (): Promise<void> => {
		while (pending.length > 0) await settle();
	};

	try {
		// A run killed mid-way stays 'running' with its cursor at the last committed page;
		// the next run with the same technology and filters resumes it.
		for (;;) {
			if (filters.max !== undefined && processed >= filters.max) {
				await drain();
				status = 'paused';
				if (runId && !dryRun) await markRun(sql, runId, 'paused');
				break;
			}
			const pageNumber = (run?.pagesFetched ?? 0) + pagesFetchedHere + 1;
			const fetchStarted = performance.now();
			const fetched = await (ahead ?? fetchPage(offset));
			ahead = undefined;
			// Waiting for the Lists API while pages are written is not waiting only for it.
			if (pending.length === 0) fetchMs += performance.now() - fetchStarted;
			if (!fetched.page) {
				// The pages before it are good: they commit first, then the run fails here.
				await drain();
				if (runId && !dryRun) {
					status = 'failed';
					await addRunCalls(sql, runId, fetched.calls, fetched.cost);
					await markRun(sql, runId, 'failed', (fetched.error as Error).message);
				}
				throw failure(fetched.error, pageNumber);
			}
			const page = fetched.page;
			pagesFetchedHere += 1;

			const remaining = page.sites.slice(position);
			const take = filters.max !== undefined ? remaining.slice(0, filters.max - processed) : remaining;
			const wholePage = take.length === remaining.length;
			const {valid, invalid, duplicates} = fetched.whole && take.length === page.sites.length ? fetched.whole : normaliseSites(take);
			for (const example of invalid) if (invalidExamples.length < 20) invalidExamples.push(example);
			if (page.nextOffset !== null && page.nextOffset === offset) {
				throw new PfError(`BuiltWith sent the same NextOffset twice (${page.nextOffset}) on page ${pageNumber}`, {hint: 'this looks like a problem on BuiltWith\'s side; try again later'});
			}
			const from = {offset, position};
			const next = wholePage
				? {offset: page.nextOffset, position: 0, status: (page.nextOffset === null ? 'completed' : 'running') as DiscoveryRunStatus}
				: {offset, position: position + take.length, status: 'paused' as DiscoveryRunStatus};
			// Fetch ahead only a page this walk will read (never one --max stops before).
			if (wholePage && page.nextOffset !== null && (filters.max === undefined || processed + take.length < filters.max)) {
				ahead = fetchPage(page.nextOffset, true);
			}

			const domains = new Set(valid.map((site) => site.domain));
			if (pending.length >= pagesWrittenAtOnce) await settle();
			if (pending.some((write) => valid.some((site) => write.domains.has(site.domain)))) await drain();
			const written = dryRun
				? valid.length > 0 ? classifySites(sql, valid.map((site) => site.domain)) : Promise.resolve({newCompanies: 0, alreadyKnown: 0, skippedCustomer: 0})
				: writeDiscoveredPage(sql, {
					runId: runId!,
					sites: valid,
					technology: {builtwithName: partner.builtwithName, category: partner.category, tier: partner.tier},
					listed: take.length,
					invalid: invalid.length,
					from,
					after: pending.at(-1)?.written,
					next,
					pageFetched: true,
					apiCalls: fetched.calls,
					cost: fetched.cost,
				});
			// Awaited in settle(), in page order; a failure meanwhile is not unhandled.
			written.catch(() => {});
			pending.push({written, domains, listed: take.length, invalid: invalid.length, duplicates, pageNumber});
			processed += take.length;

			if (!wholePage) {
				await drain();
				status = 'paused';
				break;
			}
			if (page.nextOffset === null) {
				await drain();
				status = 'completed';
				break;
			}
			offset = page.nextOffset;
			position = 0;
		}
	} catch (error) {
		// Every connection is done before the walk reports (the first failure is the cause:
		// a page after a failed one rolls back with CursorMovedError).
		await Promise.allSettled(pending.map((write) => write.written));
		throw error;
	}

	let runTotals: DiscoverReport['runTotals'] = null;
	if (runId && !dryRun) {
		const latest = await selectRun(sql, runId);
		if (latest) {
			runTotals = {
				listed: latest.listed,
				newCompanies: latest.newCompanies,
				alreadyKnown: latest.alreadyKnown,
				skippedCustomer: latest.skippedCustomer,
				invalid: latest.invalid,
				pages: latest.pagesFetched,
				apiCalls: latest.apiCalls,
				costEstimate: latest.costEstimate,
			};
		}
	}
	const totalMs = performance.now() - started;
	const spent = usage;
	return {
		technology: partner.name,
		listsName: partner.listsName,
		since: filters.since,
		country: filters.country,
		dryRun,
		runId: dryRun ? null : runId,
		status,
		resumed,
		pages: pagesFetchedHere,
		counts,
		runTotals,
		apiCalls: spent.apiCalls,
		costEstimate: Math.round(spent.costEstimate * 10_000) / 10_000,
		timings: {totalMs: Math.round(totalMs), fetchMs: Math.round(fetchMs), processMs: Math.round(totalMs - fetchMs), dbMs: Math.round(dbMs)},
		invalidExamples,
	};
	}
}

/** Recent discovery runs, newest first. */
export async function listDiscoveryRuns(sql: Sql, limit = 50): Promise<DiscoveryRunRow[]> {
	return selectRuns(sql, limit);
}
