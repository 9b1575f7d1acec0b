/**
 * What the fetch modules share: turning failures into outcomes (a source without a key
 * is skipped, "no data" is skipped, 429/5xx/timeouts fail retryably, malformed bodies
 * fail for good) and resolving a public company's ticker and CIK.
 */
import {isSourceHttpError, sourceHttpFor, type SourceHttp} from '../http.js';
import {readCompanyIdentity, type CompanyIdentity} from '../../db/intel-writes.js';
import type {ApiSource, EnrichmentModule, ModuleContext, ModuleName, ModuleOutcome} from '../types.js';
import {findTicker, matchTickerByName, readCompanyTickers} from '../transforms/sec.js';
import type {SecClient} from '../sources/sec.js';

/** Thrown by a module body to end with "skipped" and a note. */
export class ModuleSkip extends Error {
	constructor(note: string) {
		super(note);
		this.name = 'ModuleSkip';
	}
}

/** An error → the module's outcome, in words. */
export function outcomeFromError(error: unknown): ModuleOutcome {
	if (error instanceof ModuleSkip) return {status: 'skipped', note: error.message, retryable: false};
	if (isSourceHttpError(error)) {
		if (error.kind === 'no_data') return {status: 'skipped', note: `no data: ${error.message}`, retryable: false};
		// Cancelled by a worker shutdown or a job cancel: a later attempt may run it.
		if (error.kind === 'aborted') return {status: 'failed', note: `cancelled: ${error.message}`, retryable: true};
		return {status: 'failed', note: `${error.kind.replace('_', ' ')}: ${error.message}`, retryable: error.retryable};
	}
	const message = error instanceof Error ? error.message : String(error);
	const code = (error as {code?: string})?.code;
	// Connection-level database errors may pass; a bug or a constraint will not.
	const retryable = typeof code === 'string' && /^(ECONN|08|57P|CONNECTION_)/.test(code);
	return {status: 'failed', note: `error: ${message}`, retryable};
}

/** Joins notes, dropping empties. */
export function joinNotes(notes: readonly (string | undefined | null)[]): string | undefined {
	const kept = notes.filter((note): note is string => typeof note === 'string' && note.trim() !== '');
	return kept.length > 0 ? kept.join('; ') : undefined;
}

/**
 * Defines a module whose body gets an HTTP client; errors become outcomes. The client
 * does not hold the body up for a call's cache entry and audit row (they are sent as the
 * answer arrives); the module settles once they have landed, so a module recorded as
 * done has every call of its own on record.
 *
 * `prefetch` (optional) starts the calls that need nothing but the domain while the
 * module's dependencies still run (EnrichmentModule.prefetch): the body's identical calls
 * take their answers over.
 */
export function defineModule(name: ModuleName, sources: readonly ApiSource[], body: (context: ModuleContext, http: SourceHttp) => Promise<ModuleOutcome>, prefetch?: (context: ModuleContext, http: SourceHttp) => Promise<unknown>): EnrichmentModule {
	const module: EnrichmentModule = {
		name,
		sources,
		async run(context) {
			const http = sourceHttpFor(context, {deferBookkeeping: true, keepAnswers: true});
			let outcome: ModuleOutcome;
			try {
				outcome = await body(context, http);
			} catch (error) {
				outcome = outcomeFromError(error);
			}
			// Its intel is written: the analysis may read it while the calls' rows land.
			context.job?.written(name);
			try {
				await http.settled();
			} catch (error) {
				return outcomeFromError(error);
			}
			return outcome;
		},
	};
	if (prefetch) {
		module.prefetch = async (context) => {
			// Only with a run's memo: that is where the body finds the answers.
			if (!context.job) return;
			const http = sourceHttpFor(context, {deferBookkeeping: true, prefetch: true, keepAnswers: true});
			// A failure is the body's to report: its own call takes it over.
			await prefetch(context, http).catch(() => {});
			await http.settled().catch(() => {});
		};
	}
	return module;
}

/** Returns the value, or undefined when the source says "no data" (other failures propagate). */
export async function unlessNoData<T>(promise: Promise<T>, notes?: string[]): Promise<T | undefined> {
	try {
		return await promise;
	} catch (error) {
		if (isSourceHttpError(error) && error.kind === 'no_data') {
			notes?.push(`no data: ${error.message}`);
			return undefined;
		}
		throw error;
	}
}

export type PublicCompany = {
	ticker: string | null;
	cik: number | null;
	companyName: string | null;
	/** Where the ticker came from. */
	how: 'option' | 'stored' | 'sec_name_match' | 'none';
};

/**
 * The company's ticker: `pf enrich --ticker`, else the stored one, else SEC's
 * company_tickers.json matched against the company's name (exact, after dropping legal
 * suffixes) — never a hard-coded map. CIK from the same list when SEC is configured.
 */
export async function resolvePublicCompany(context: ModuleContext, sec: SecClient | undefined, companyNameHint?: string | null, storedIdentity?: Promise<CompanyIdentity | undefined>): Promise<PublicCompany> {
	// The modules after company_context (which passes its hint, before it writes) all get
	// the same answer within a run: worked out once.
	const memo = companyNameHint === undefined ? context.job?.memo : undefined;
	if (!memo) return resolveNow(context, sec, companyNameHint, storedIdentity);
	const key = `public-company|${sec && !sec.unavailable ? 'sec' : 'no-sec'}`;
	let pending = memo.get(key) as Promise<PublicCompany> | undefined;
	if (!pending) {
		const started = resolveNow(context, sec, companyNameHint);
		memo.set(key, (pending = started));
		started.catch(() => {
			if (memo.get(key) === started) memo.delete(key);
		});
	}
	return pending;
}

/**
 * company_context's write returned the identity the modules after it would read: kept
 * for them instead of a read.
 */
export function rememberIdentity(context: ModuleContext, identity: CompanyIdentity): void {
	context.job?.memo.set('identity', Promise.resolve(identity));
}

/** The company's stored name and ticker, read once per run by the modules after company_context. */
export async function companyIdentity(context: ModuleContext): ReturnType<typeof readCompanyIdentity> {
	const memo = context.job?.memo;
	if (!memo) return readCompanyIdentity(context.sql, context.domain);
	let pending = memo.get('identity') as ReturnType<typeof readCompanyIdentity> | undefined;
	if (!pending) {
		const started = readCompanyIdentity(context.sql, context.domain);
		memo.set('identity', (pending = started));
		started.catch(() => {
			if (memo.get('identity') === started) memo.delete('identity');
		});
	}
	return pending;
}

async function resolveNow(context: ModuleContext, sec: SecClient | undefined, companyNameHint?: string | null, storedIdentity?: Promise<CompanyIdentity | undefined>): Promise<PublicCompany> {
	const identity = companyNameHint === undefined ? await companyIdentity(context) : await (storedIdentity ?? readCompanyIdentity(context.sql, context.domain));
	const companyName = companyNameHint ?? identity?.companyName ?? null;
	const given = context.ticker?.trim().toUpperCase() || null;
	const stored = identity?.ticker?.trim().toUpperCase() || null;
	const ticker = given ?? stored;
	const how: PublicCompany['how'] = given ? 'option' : stored ? 'stored' : 'none';
	if (!sec || sec.unavailable) return {ticker, cik: null, companyName, how};
	const entries = readCompanyTickers((await sec.companyTickers()).body);
	if (ticker) {
		const entry = findTicker(entries, ticker);
		return {ticker, cik: entry?.cik ?? null, companyName: companyName ?? entry?.title ?? null, how};
	}
	if (!companyName) return {ticker: null, cik: null, companyName, how: 'none'};
	const match = matchTickerByName(entries, companyName);
	return match ? {ticker: match.ticker, cik: match.cik, companyName, how: 'sec_name_match'} : {ticker: null, cik: null, companyName, how: 'none'};
}

/** Unavailable notes of the given clients (missing keys). */
export function unavailableNotes(...clients: {unavailable: string | undefined}[]): string[] {
	return clients.map((client) => client.unavailable).filter((note): note is string => note !== undefined);
}
