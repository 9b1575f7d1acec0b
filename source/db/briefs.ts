/**
 * Stored briefs. intel_strategic_signal_briefs holds the latest version per domain (the
 * spec's table, section columns + full_brief); intel_brief_versions (migration 0200)
 * holds every version, with the printed JSON document, so earlier versions stay
 * retrievable and a stored brief prints without being re-serialised.
 */
import type {Sql} from './client.js';
import type {UserActionInput} from './audit.js';
import type {Brief} from '../domain/brief/types.js';

export type StoredBriefText = {version: number; document: string; generated_at: Date};

/** The printed JSON of a version (the latest when `version` is omitted), or null. */
export async function storedBriefDocument(sql: Sql, domain: string, version?: number): Promise<StoredBriefText | null> {
	const rows =
		version === undefined
			? await sql<StoredBriefText[]>`select version, document, generated_at from intel_brief_versions where domain = ${domain} order by version desc limit 1`
			: await sql<StoredBriefText[]>`select version, document, generated_at from intel_brief_versions where domain = ${domain} and version = ${version}`;
	return rows[0] ?? null;
}

/**
 * `storedBriefDocument` and the read's audit_user_actions row in one statement: the row
 * is written only when a version was found (a miss records nothing; the caller builds the
 * brief and records that read). `pf brief <domain> --json` is a one-liner, and the audit
 * insert as a statement of its own was two more round trips of its ~10.
 */
export async function readStoredBriefDocument(sql: Sql, domain: string, version: number | undefined, read: UserActionInput): Promise<StoredBriefText | null> {
	const rows = await sql<StoredBriefText[]>`
		with found as (
			select version, document, generated_at from intel_brief_versions
			where domain = ${domain} and (${version ?? null}::int is null or version = ${version ?? null}::int)
			order by version desc limit 1
		), recorded as (
			insert into audit_user_actions (user_id, api_key_id, action, domain, resource_type, resource_id, request_path, request_method)
			select ${read.userId}::uuid, ${read.apiKeyId}::uuid, ${read.action}, ${read.domain ?? null}, ${read.resourceType ?? null},
				${read.resourceId ?? null}::uuid, ${read.requestPath ?? null}, 'CLI'
			from found
		)
		select version, document, generated_at from found`;
	return rows[0] ?? null;
}

/** Version numbers stored for a domain, newest first. */
export async function briefVersions(sql: Sql, domain: string): Promise<number[]> {
	const rows = await sql<{version: number}[]>`select version from intel_brief_versions where domain = ${domain} order by version desc`;
	return rows.map((row) => row.version);
}

/** Domains with a live company row and no stored brief. */
export async function domainsWithoutBrief(sql: Sql): Promise<string[]> {
	const rows = await sql<{domain: string}[]>`
		select c.domain from core_companies c
		where c.deleted_at is null and not exists (select 1 from intel_brief_versions v where v.domain = c.domain)
		order by c.domain`;
	return rows.map((row) => row.domain);
}

/**
 * Stores a new version of each domain's brief, in one transaction and three statements
 * however many domains: advisory locks on the domains (two regenerations never write the
 * same version), the next version numbers, then one insert into intel_brief_versions and
 * one upsert of intel_strategic_signal_briefs fed from it. `build` gets the domain and its
 * version number; `serialise` gives the printed JSON (stored as is and as jsonb).
 */
export async function storeBriefs(sql: Sql, domains: readonly string[], build: (domain: string, version: number) => Brief, serialise: (brief: Brief) => string): Promise<{brief: Brief; document: string}[]> {
	if (domains.length === 0) return [];
	// The lock orders locked writers only: storeBriefAs's one-statement writer takes no lock,
	// so between this transaction's read and its insert it can store the same number (the
	// insert then fails on unique (domain, version), or its "next version" check no longer
	// holds). That writer stores once and otherwise comes here; this one numbers afresh.
	for (let attempt = 1; ; attempt++) {
		try {
			return (await sql.begin(async (tx) => {
				await tx`select pg_advisory_xact_lock(7302004, hashtext(d)) from unnest(${domains as string[]}::text[]) as d order by d`;
				const latest = await tx<{domain: string; version: number}[]>`
					select domain, max(version)::int as version from intel_brief_versions where domain = any(${domains as string[]}) group by domain`;
				const current = new Map(latest.map((row) => [row.domain, row.version]));
				const built = domains.map((domain) => {
					const brief = build(domain, (current.get(domain) ?? 0) + 1);
					return {brief, document: serialise(brief)};
				});
				if ((await insertVersions(tx as unknown as Sql, built)) !== built.length) throw new VersionTaken();
				return built;
			})) as {brief: Brief; document: string}[];
		} catch (error) {
			const taken = error instanceof VersionTaken || (error as {code?: string}).code === '23505';
			if (!taken || attempt >= 10) throw error;
		}
	}
}

/** Another writer stored a version this transaction numbered: roll back and number again. */
class VersionTaken extends Error {
	constructor() {
		super('a brief version was stored by another writer meanwhile');
	}
}

type Built = {brief: Brief; document: string};

/**
 * One statement: the versions into intel_brief_versions, and from them the latest row of
 * each domain into intel_strategic_signal_briefs. A version is stored only if it is the
 * next one (max + 1 as this statement sees the table); returns how many were stored.
 * Versions are dense, so a writer that numbered from a stale read either finds its number
 * taken (unique (domain, version): 23505, after the other writer commits) or not next.
 */
async function insertVersions(sql: Sql, built: readonly Built[]): Promise<number> {
	const payload = JSON.stringify(built.map(({brief, document}) => ({domain: brief.domain, version: brief.version, model_version: brief.model_version, generated_at: brief.generated_at, document})));
	const stored = await sql`
		with incoming as (
			select * from jsonb_to_recordset(${payload}::text::jsonb) as r(domain text, version int, model_version text, generated_at timestamptz, document text)
		), stored as (
			insert into intel_brief_versions (domain, version, full_brief, document, model_version, generated_at, data_source, retrieved_at)
			select i.domain, i.version, i.document::jsonb, i.document, i.model_version, i.generated_at, 'analysis', i.generated_at from incoming i
			where i.version = (select coalesce(max(v.version), 0) + 1 from intel_brief_versions v where v.domain = i.domain)
			returning domain, version, full_brief, generated_at
		)
		insert into intel_strategic_signal_briefs (
			domain, sixty_second_story, timing_signals, in_their_own_words, people, money, gaps, competitive_landscape,
			hiring_intelligence, icp_mapping, the_angle, sources_bibliography, generated_at, version, full_brief, data_source, retrieved_at)
		select domain, full_brief->'sixty_second_story'->>'text', full_brief->'timing_signals', full_brief->'in_their_own_words', full_brief->'people',
			full_brief->'money', full_brief->'gaps', full_brief->'competitive_landscape', full_brief->'hiring_intelligence', full_brief->'icp_mapping',
			full_brief->'the_angle'->>'text', full_brief->'sources', generated_at, version, full_brief, 'analysis', generated_at
		from stored
		on conflict (domain) do update set
			sixty_second_story = excluded.sixty_second_story, timing_signals = excluded.timing_signals,
			in_their_own_words = excluded.in_their_own_words, people = excluded.people, money = excluded.money, gaps = excluded.gaps,
			competitive_landscape = excluded.competitive_landscape, hiring_intelligence = excluded.hiring_intelligence,
			icp_mapping = excluded.icp_mapping, the_angle = excluded.the_angle, sources_bibliography = excluded.sources_bibliography,
			generated_at = excluded.generated_at, version = excluded.version, full_brief = excluded.full_brief,
			data_source = excluded.data_source, retrieved_at = excluded.retrieved_at
		returning domain`;
	return stored.length;
}

/** The latest stored version number of a domain's brief (0: none). */
export async function latestBriefVersion(sql: Sql, domain: string): Promise<number> {
	const [row] = await sql<{version: number}[]>`select coalesce(max(version), 0)::int as version from intel_brief_versions where domain = ${domain}`;
	return row?.version ?? 0;
}

/**
 * Stores one brief as the version after `latest` (read beforehand, without a lock) in one
 * statement — one round trip instead of a locked transaction's five. When another writer
 * stored a version meanwhile (that number taken, or no longer the next), falls back to
 * storeBrief, which numbers it under the lock and builds it again.
 */
export async function storeBriefAs(sql: Sql, domain: string, latest: number, build: (version: number) => Brief, serialise: (brief: Brief) => string): Promise<Built> {
	const brief = build(latest + 1);
	const built = {brief, document: serialise(brief)};
	try {
		if ((await insertVersions(sql, [built])) === 1) return built;
	} catch (error) {
		if ((error as {code?: string}).code !== '23505') throw error;
	}
	return storeBrief(sql, domain, build, serialise);
}

/** Stores a new version of one domain's brief (see storeBriefs). */
export async function storeBrief(sql: Sql, domain: string, build: (version: number) => Brief, serialise: (brief: Brief) => string): Promise<{brief: Brief; document: string}> {
	const [stored] = await storeBriefs(sql, [domain], (_domain, version) => build(version), serialise);
	return stored!;
}
