/**
 * The partner catalogue: the technologies whose users are displacement targets
 * (`pf partners`, and `pf discover` resolving its technology argument). Seeded from
 * PARTNER_TECHNOLOGIES (source/domain/technology-catalogue.ts), the source of truth for
 * the built-in rows; analysts add more with `pf partners add`.
 */
import type {Sql} from '../db/client.js';
import {insertPartner, selectPartners, upsertCataloguePartners, type PartnerInput, type PartnerRow} from '../db/partners.js';
import {PARTNER_TECHNOLOGIES, type PartnerTechnology, type PartnerTier} from '../domain/technology-catalogue.js';
import {UsageError} from '../errors.js';

export type {PartnerRow};

export const PARTNER_TIERS: readonly PartnerTier[] = ['premier', 'core', 'other'];
export const PARTNER_CATEGORIES = ['CMS', 'Commerce', 'DXP', 'Search', 'Other'] as const;
/** domain.md: the lead score's partner-technology points by tier. */
export const TIER_POINTS: Record<PartnerTier, number> = {premier: 10, core: 7, other: 3};

function fromCatalogue(tech: PartnerTechnology): PartnerInput {
	return {name: tech.name, builtwithName: tech.builtwithName, listsName: tech.listsName, category: tech.category, tier: tech.tier, leadScorePoints: tech.leadScorePoints, aliases: tech.aliases};
}

/** Brings the catalogue rows in line with PARTNER_TECHNOLOGIES (idempotent; writes only what differs). */
export async function seedPartnerCatalogue(sql: Sql): Promise<number> {
	return upsertCataloguePartners(sql, PARTNER_TECHNOLOGIES.map(fromCatalogue));
}

/** The catalogue, seeded first. */
export async function listPartners(sql: Sql): Promise<PartnerRow[]> {
	await seedPartnerCatalogue(sql);
	return selectPartners(sql);
}

/** The Lists API's name for a technology: spaces become dashes. */
export function listsNameOf(name: string): string {
	return name.trim().replace(/\s+/g, '-');
}

const names = (row: Pick<PartnerRow, 'name' | 'builtwithName' | 'listsName' | 'aliases'>) => [row.name, row.builtwithName, row.listsName, ...row.aliases].map((n) => n.toLowerCase());

/**
 * Finds a partner technology by display name, BuiltWith name, Lists name or alias
 * (case-insensitive), in the stored catalogue and the built-in list, WITHOUT writing
 * (a refused command must write nothing). Unknown → exit 2 naming the known ones.
 */
export async function resolvePartner(sql: Sql, input: string): Promise<PartnerRow> {
	const wanted = input.trim().toLowerCase();
	const stored = await selectPartners(sql);
	const found = stored.find((row) => names(row).includes(wanted)) ?? stored.find((row) => names(row).includes(wanted.replace(/\s+/g, '-')));
	if (found) return found;
	const builtIn = PARTNER_TECHNOLOGIES.find((tech) => names(tech).includes(wanted) || names(tech).includes(wanted.replace(/\s+/g, '-')));
	if (builtIn) {
		const now = new Date();
		return {id: '', ...fromCatalogue(builtIn), aliases: [...builtIn.aliases], source: 'catalogue', createdBy: 'pf', createdAt: now, updatedAt: now};
	}
	const known = [...new Set([...PARTNER_TECHNOLOGIES.map((t) => t.listsName), ...stored.map((row) => row.listsName)])].sort((a, b) => a.localeCompare(b));
	throw new UsageError(`"${input}" is not a partner technology in the catalogue`, `use one of: ${known.join(', ')} (or add it with \`pf partners add\`)`);
}

export type AddPartnerInput = {
	name: string;
	category: string;
	tier: string;
	builtwithName?: string;
	listsName?: string;
	leadScorePoints?: number;
	aliases?: string[];
	actor: string;
};

/** Adds an analyst's partner technology after validating it. */
export async function addPartner(sql: Sql, input: AddPartnerInput): Promise<PartnerRow> {
	const name = input.name.trim();
	if (!name) throw new UsageError('the partner technology needs a name', 'e.g. pf partners add "Optimizely CMS" --category CMS --tier core');
	const tier = input.tier.trim().toLowerCase() as PartnerTier;
	if (!PARTNER_TIERS.includes(tier)) throw new UsageError(`"${input.tier}" is not a partner tier`, `use one of: ${PARTNER_TIERS.join(', ')}`);
	const category = PARTNER_CATEGORIES.find((c) => c.toLowerCase() === input.category.trim().toLowerCase());
	if (!category) throw new UsageError(`"${input.category}" is not a partner category`, `use one of: ${PARTNER_CATEGORIES.join(', ')}`);
	const points = input.leadScorePoints ?? TIER_POINTS[tier];
	if (!Number.isInteger(points) || points < 0 || points > 10) throw new UsageError(`--points ${input.leadScorePoints} is out of range`, 'give a whole number from 0 to 10');
	const listsName = listsNameOf(input.listsName ?? name);
	await seedPartnerCatalogue(sql);
	const row = await insertPartner(sql, {
		name,
		builtwithName: input.builtwithName?.trim() || name,
		listsName,
		category,
		tier,
		leadScorePoints: points,
		aliases: (input.aliases ?? []).map((a) => a.trim()).filter(Boolean),
		createdBy: input.actor,
	});
	if (!row) throw new UsageError(`a partner technology named "${name}" (or listed as ${listsName}) is already in the catalogue`, 'see `pf partners list`');
	return row;
}
