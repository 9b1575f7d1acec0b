/**
 * The Strategic Signal Brief: built on first request and stored, regenerated on demand
 * (a new version each time; earlier versions stay retrievable), diffed between versions.
 */
import type {Sql} from '../db/client.js';
import {briefVersions, domainsWithoutBrief, latestBriefVersion, storeBriefAs, storeBriefs, storedBriefDocument} from '../db/briefs.js';
import {allCompanyDomains, loadCaseStudies, loadIntel, loadIntelBundles} from '../db/intel.js';
import {assembleBrief} from '../domain/brief/assemble.js';
import {diffBriefs, type BriefDiff} from '../domain/brief/diff.js';
import type {Brief} from '../domain/brief/types.js';
import type {IntelBundle} from '../domain/scoring/intel.js';
import {NotFoundError} from '../errors.js';
import {previousScores} from '../db/scoring.js';
import {scoreCompany} from '../domain/scoring/detect.js';
import {storeComputedScore, storeScoresOf} from './scoring.js';

/** The JSON document of a brief exactly as `pf brief --json` prints it. */
export function briefJson(brief: Brief): string {
	return JSON.stringify(brief, null, 2) + '\n';
}

function notFound(domain: string): NotFoundError {
	return new NotFoundError(`no company ${domain} in the database`, 'check the spelling, or add it with `pf enrich <domain>` (or `pf import` the legacy database)');
}

/**
 * Builds and stores a new version of a domain's brief, and refreshes its stored score (the
 * brief and the stored score agree). Two round trips on the critical path: the intel, the
 * stored score and the latest version number are read at once; then the score (only if it
 * changed) and the brief (one statement, see storeBriefAs) are written at once.
 */
async function buildAndStore(sql: Sql, domain: string, now: Date): Promise<{brief: Brief; document: string}> {
	const [bundle, previous, latest] = await Promise.all([loadIntel(sql, domain), previousScores(sql, [domain]), latestBriefVersion(sql, domain)]);
	if (!bundle) throw notFound(domain);
	const score = scoreCompany(bundle, now);
	const [, stored] = await Promise.all([
		storeComputedScore(sql, score, previous.get(domain)),
		storeBriefAs(sql, domain, latest, (version) => assembleBrief(bundle, {version, generatedAt: now}), briefJson),
	]);
	return stored;
}

/** Builds and stores a new version of the brief. NotFoundError for an unknown domain. */
export async function regenerateBrief(sql: Sql, domain: string, options: {now?: Date} = {}): Promise<Brief> {
	return (await buildAndStore(sql, domain, options.now ?? new Date())).brief;
}

/**
 * The brief's printed JSON: a stored version as stored (one query), else built and stored.
 * `version` reads an earlier version (NotFoundError when it does not exist).
 */
export async function getBriefDocument(sql: Sql, domain: string, options: {regenerate?: boolean; version?: number; now?: Date} = {}): Promise<{document: string; version: number}> {
	if (!options.regenerate) {
		const stored = await storedBriefDocument(sql, domain, options.version);
		if (stored) return {document: stored.document, version: stored.version};
		if (options.version !== undefined) {
			const versions = await briefVersions(sql, domain);
			if (versions.length === 0) {
				const bundle = await loadIntel(sql, domain, {withCaseStudies: false});
				if (!bundle) throw notFound(domain);
			}
			throw new NotFoundError(
				`${domain} has no brief version ${options.version}`,
				versions.length ? `stored versions: ${versions.join(', ')}` : 'it has no stored brief yet: run `pf brief ' + domain + '` to build one',
			);
		}
	}
	const built = await buildAndStore(sql, domain, options.now ?? new Date());
	return {document: built.document, version: built.brief.version};
}

/** The brief (parsed). Built on first request and stored. */
export async function getBrief(sql: Sql, domain: string, options: {regenerate?: boolean; version?: number; now?: Date} = {}): Promise<Brief> {
	return JSON.parse((await getBriefDocument(sql, domain, options)).document) as Brief;
}

/**
 * What changed between two versions (default: the one before the latest → the latest).
 * Null when there is only one version.
 */
export async function briefDiff(sql: Sql, domain: string, options: {from?: number; to?: number} = {}): Promise<BriefDiff | null> {
	const versions = await briefVersions(sql, domain);
	if (versions.length === 0) {
		const bundle = await loadIntel(sql, domain, {withCaseStudies: false});
		if (!bundle) throw notFound(domain);
		throw new NotFoundError(`${domain} has no stored brief yet`, `run \`pf brief ${domain}\` to build one, then \`pf brief ${domain} --regenerate\``);
	}
	const to = options.to ?? versions[0]!;
	const from = options.from ?? versions.find((version) => version < to);
	if (from === undefined) return null;
	const [before, after] = await Promise.all([getBrief(sql, domain, {version: from}), getBrief(sql, domain, {version: to})]);
	return diffBriefs(before, after);
}

/**
 * Builds briefs ahead of time: for every company without one (or all with `regenerate`),
 * in chunks of 500 — intel read per table, scores and briefs written per chunk.
 */
export async function buildAllBriefs(sql: Sql, options: {regenerate?: boolean; now?: Date; onProgress?: (done: number, total: number) => void} = {}): Promise<{built: number}> {
	const domains = options.regenerate ? await allCompanyDomains(sql) : await domainsWithoutBrief(sql);
	const caseStudies = await loadCaseStudies(sql);
	const now = options.now ?? new Date();
	let built = 0;
	const chunk = 500;
	for (let start = 0; start < domains.length; start += chunk) {
		const bundles = [...(await loadIntelBundles(sql, domains.slice(start, start + chunk))).values()];
		for (const bundle of bundles) bundle.caseStudies = caseStudies;
		await storeScoresOf(sql, bundles, now);
		const byDomain = new Map(bundles.map((bundle) => [bundle.domain, bundle]));
		const stored = await storeBriefs(sql, [...byDomain.keys()], (domain, version) => assembleBrief(byDomain.get(domain)!, {version, generatedAt: now}), briefJson);
		built += stored.length;
		options.onProgress?.(Math.min(start + chunk, domains.length), domains.length);
	}
	return {built};
}
