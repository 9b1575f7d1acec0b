/**
 * Stored briefs. intel_strategic_signal_briefs holds the latest version per domain (the
 * spec's table, section columns + full_brief); intel_brief_versions (migration 0200)
 * holds every version, with the printed JSON document, so earlier versions stay
 * retrievable and a stored brief prints without being re-serialised.
 */
import type {Sql} from './client.js';
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
 * Stores a new version: the next number is taken under a row lock on the domain's
 * latest brief (an advisory lock when there is none yet), so two regenerations never
 * write the same version. `build` receives the version number and returns the brief.
 */
export async function storeBrief(sql: Sql, domain: string, build: (version: number) => Brief, serialise: (brief: Brief) => string): Promise<{brief: Brief; document: string}> {
	return (await sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(7302004, hashtext(${domain}))`;
		const [{next}] = (await tx`select coalesce(max(version), 0) + 1 as next from intel_brief_versions where domain = ${domain}`) as unknown as [{next: number}];
		const brief = build(Number(next));
		const document = serialise(brief);
		const json = (value: unknown) => tx.json(value as never);
		await tx`
			insert into intel_brief_versions (domain, version, full_brief, document, model_version, generated_at, data_source, retrieved_at)
			values (${domain}, ${brief.version}, ${json(brief)}, ${document}, ${brief.model_version}, ${brief.generated_at}, 'analysis', ${brief.generated_at})`;
		await tx`
			insert into intel_strategic_signal_briefs (
				domain, sixty_second_story, timing_signals, in_their_own_words, people, money, gaps, competitive_landscape,
				hiring_intelligence, icp_mapping, the_angle, sources_bibliography, generated_at, version, full_brief, data_source, retrieved_at)
			values (
				${domain}, ${brief.sixty_second_story.text}, ${json(brief.timing_signals)}, ${json(brief.in_their_own_words)}, ${json(brief.people)},
				${json(brief.money)}, ${json(brief.gaps)}, ${json(brief.competitive_landscape)}, ${json(brief.hiring_intelligence)},
				${json(brief.icp_mapping)}, ${brief.the_angle.text}, ${json(brief.sources)}, ${brief.generated_at}, ${brief.version},
				${json(brief)}, 'analysis', ${brief.generated_at})
			on conflict (domain) do update set
				sixty_second_story = excluded.sixty_second_story, timing_signals = excluded.timing_signals,
				in_their_own_words = excluded.in_their_own_words, people = excluded.people, money = excluded.money, gaps = excluded.gaps,
				competitive_landscape = excluded.competitive_landscape, hiring_intelligence = excluded.hiring_intelligence,
				icp_mapping = excluded.icp_mapping, the_angle = excluded.the_angle, sources_bibliography = excluded.sources_bibliography,
				generated_at = excluded.generated_at, version = excluded.version, full_brief = excluded.full_brief,
				data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
		return {brief, document};
	})) as {brief: Brief; document: string};
}
