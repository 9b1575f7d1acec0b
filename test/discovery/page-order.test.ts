/**
 * Two pages written at once (pf discover writes page N+1 while page N is written): the
 * committed pages must stay a prefix of the walk, so a killed or failed run resumes at
 * the first page that is not in the database.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {CursorMovedError, openRun, writeDiscoveredPage, type DiscoveredSite, type PageWrite} from '../../source/db/discovery.js';

const site = (domain: string): DiscoveredSite => ({domain, companyName: null, vertical: null, country: null, city: null, state: null, firstDetected: '2025-01-01', lastDetected: '2026-01-01'});
const sites = (prefix: string, n: number) => Array.from({length: n}, (_, i) => site(`${prefix}-${i}.example.com`));

describe('discovery pages written at once', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase();
	});
	afterAll(async () => {
		await db?.drop();
	});

	async function newRun(key: string) {
		const {run} = await openRun(db.sql, {technology: 'Test', listsName: key, since: null, country: null, filterKey: key, actor: 'tester'});
		return run.id;
	}
	const page = (runId: string, pageSites: DiscoveredSite[], from: string | null, next: string | null, after?: Promise<unknown>): PageWrite => ({
		runId,
		sites: pageSites,
		technology: {builtwithName: 'Test Tech', category: 'CMS', tier: 'core'},
		listed: pageSites.length,
		invalid: 0,
		from: {offset: from, position: 0},
		after,
		next: {offset: next, position: 0, status: next === null ? 'completed' : 'running'},
		pageFetched: true,
		apiCalls: 1,
		cost: 0,
	});
	const cursor = async (runId: string) => {
		const [row] = await db.sql`select page_offset, pages_fetched, new_companies, status from core_discovery_runs where id = ${runId}`;
		return row;
	};
	const companies = async (prefix: string) => {
		const [row] = await db.sql<{n: number}[]>`select count(*)::int as n from core_companies where domain like ${prefix + '-%'}`;
		return row!.n;
	};

	it('the later page commits after the earlier one; both pages and the cursor are written', async () => {
		const runId = await newRun('both');
		const first = writeDiscoveredPage(db.sql, page(runId, sites('both-a', 500), null, 'p2'));
		const second = writeDiscoveredPage(db.sql, page(runId, sites('both-b', 500), 'p2', null, first));
		await expect(Promise.all([first, second])).resolves.toEqual([
			{newCompanies: 500, alreadyKnown: 0, skippedCustomer: 0},
			{newCompanies: 500, alreadyKnown: 0, skippedCustomer: 0},
		]);
		expect(await cursor(runId)).toEqual({page_offset: null, pages_fetched: 2, new_companies: 1000, status: 'completed'});
		expect(await companies('both-a')).toBe(500);
		expect(await companies('both-b')).toBe(500);
	});

	it('a page whose page before failed rolls back: nothing of it is written, the cursor stays', async () => {
		const runId = await newRun('failed');
		const failed = Promise.reject(new Error('page 1 failed'));
		failed.catch(() => {});
		await expect(writeDiscoveredPage(db.sql, page(runId, sites('failed-b', 10), 'p2', null, failed))).rejects.toBeInstanceOf(CursorMovedError);
		expect(await cursor(runId)).toEqual({page_offset: null, pages_fetched: 0, new_companies: 0, status: 'running'});
		expect(await companies('failed-b')).toBe(0);
	});

	it('a page read at another cursor than the run\'s is not written', async () => {
		const runId = await newRun('elsewhere');
		await expect(writeDiscoveredPage(db.sql, page(runId, sites('elsewhere', 10), 'p7', 'p8'))).rejects.toBeInstanceOf(CursorMovedError);
		expect(await cursor(runId)).toEqual({page_offset: null, pages_fetched: 0, new_companies: 0, status: 'running'});
		expect(await companies('elsewhere')).toBe(0);
	});
});
