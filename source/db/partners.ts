/**
 * The partner catalogue (core_partner_technologies). Rows from the TS catalogue
 * (source 'catalogue') are upserted from it; analysts' rows (source 'manual') are theirs.
 */
import type {Sql} from './client.js';
import type {PartnerTier} from '../domain/technology-catalogue.js';

export type PartnerRow = {
	id: string;
	name: string;
	builtwithName: string;
	listsName: string;
	category: string;
	tier: PartnerTier;
	leadScorePoints: number;
	aliases: string[];
	source: 'catalogue' | 'manual';
	createdBy: string | null;
	createdAt: Date;
	updatedAt: Date;
};

export type PartnerInput = {
	name: string;
	builtwithName: string;
	listsName: string;
	category: string;
	tier: PartnerTier;
	leadScorePoints: number;
	aliases: readonly string[];
};

const columns = (sql: Sql) => sql`
	id, name, builtwith_name as "builtwithName", lists_name as "listsName", category, partner_tier as tier,
	lead_score_points as "leadScorePoints", aliases, source, created_by as "createdBy", created_at as "createdAt", updated_at as "updatedAt"
`;

export async function selectPartners(sql: Sql): Promise<PartnerRow[]> {
	return sql<PartnerRow[]>`
		select ${columns(sql)} from core_partner_technologies
		order by case partner_tier when 'premier' then 0 when 'core' then 1 else 2 end, name
	`;
}

/**
 * Upserts the catalogue's own rows in one statement. A row whose values already match is
 * not touched (no write, no updated_at change), so calling this on every use is cheap;
 * a catalogue row never overwrites an analyst's row of the same name.
 * Returns how many rows were inserted or updated.
 */
export async function upsertCataloguePartners(sql: Sql, partners: readonly PartnerInput[]): Promise<number> {
	const [row] = await sql<{written: number}[]>`
		with input as (
			select * from jsonb_to_recordset(${JSON.stringify(partners.map((p) => ({name: p.name, builtwith_name: p.builtwithName, lists_name: p.listsName, category: p.category, partner_tier: p.tier, lead_score_points: p.leadScorePoints, aliases: p.aliases})))}::text::jsonb)
				as i(name text, builtwith_name text, lists_name text, category text, partner_tier text, lead_score_points int, aliases jsonb)
		),
		written as (
			insert into core_partner_technologies as p (name, builtwith_name, lists_name, category, partner_tier, lead_score_points, aliases, source, created_by)
			select i.name, i.builtwith_name, i.lists_name, i.category, i.partner_tier, i.lead_score_points,
			       array(select jsonb_array_elements_text(i.aliases)), 'catalogue', 'pf'
			from input i
			where not exists (
				select 1 from core_partner_technologies m
				where m.source = 'manual' and (lower(m.name) = lower(i.name) or lower(m.lists_name) = lower(i.lists_name))
			)
			on conflict (lower(name)) do update set
				builtwith_name = excluded.builtwith_name,
				lists_name = excluded.lists_name,
				category = excluded.category,
				partner_tier = excluded.partner_tier,
				lead_score_points = excluded.lead_score_points,
				aliases = excluded.aliases
			where p.source = 'catalogue'
			  and (p.builtwith_name, p.lists_name, p.category, p.partner_tier, p.lead_score_points, p.aliases)
			      is distinct from (excluded.builtwith_name, excluded.lists_name, excluded.category, excluded.partner_tier, excluded.lead_score_points, excluded.aliases)
			returning 1
		)
		select count(*)::int as written from written
	`;
	return row!.written;
}

/** Adds an analyst's partner technology; undefined when the name or Lists name is taken. */
export async function insertPartner(sql: Sql, partner: PartnerInput & {createdBy: string}): Promise<PartnerRow | undefined> {
	const [row] = await sql<PartnerRow[]>`
		insert into core_partner_technologies (name, builtwith_name, lists_name, category, partner_tier, lead_score_points, aliases, source, created_by)
		values (${partner.name}, ${partner.builtwithName}, ${partner.listsName}, ${partner.category}, ${partner.tier},
		        ${partner.leadScorePoints}, array(select jsonb_array_elements_text(${JSON.stringify(partner.aliases)}::text::jsonb)), 'manual', ${partner.createdBy})
		on conflict do nothing
		returning ${columns(sql)}
	`;
	return row;
}
