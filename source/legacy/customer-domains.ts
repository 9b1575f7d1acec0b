/**
 * Resolving the legacy customer list (`companies`) to domains. 369 of its 400 "domains"
 * are company names (`'5.11 tactical'`, `'dealer inspire '`), so each customer is
 * resolved, in this order:
 *
 * 1. its domain column, when it normalises to a hostname with a known top-level domain
 *    (`s.oliver` and `e.on` are names that merely look like hostnames);
 * 2. a domain written inside its name or domain column (`Becton Dickinson (BD.com)`,
 *    `Unique USA / Rugs.com`);
 * 3. the same company name (case-insensitive) in the evidence library with a domain
 *    (customer logos, customer quotes, case studies — the story host `algolia.com`
 *    is not the customer's domain);
 * 4. otherwise it stays an unresolved customer: domain NULL, name kept.
 *
 * Pure: the evidence look-up is passed in.
 */
import {normaliseDomain} from '../domain/domain-name.js';
import {hasKnownTopLevelDomain} from './top-level-domains.js';

export type CustomerResolution =
	| {domain: string; how: 'domain_column' | 'domain_in_name' | 'evidence_library'}
	| {domain: null; how: 'unresolved'};

/** Domains that are never a customer's own (hosts of Algolia's story pages). */
const notCustomerDomains = new Set(['algolia.com', 'resources.algolia.com']);

/** A usable company domain from free text that should hold one, or null. */
export function domainFromColumn(value: string | null): string | null {
	if (value === null) return null;
	const result = normaliseDomain(value);
	if (!result.ok || !hasKnownTopLevelDomain(result.domain) || notCustomerDomains.has(result.domain)) return null;
	return result.domain;
}

const embedded = /(?:^|[\s(/,;[])((?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,})(?=$|[\s)/,;\]])/gi;

/** The first domain written inside a company name (`Curiosity Ink Media (Santa.com)` → santa.com). */
export function domainInName(value: string | null): string | null {
	if (value === null) return null;
	for (const match of value.matchAll(embedded)) {
		const candidate = match[1]!;
		const labels = candidate.toLowerCase().split('.');
		// "S.A." or "b.v." are legal forms, not domains: the label before the suffix must be a word.
		if (labels.slice(0, -1).every((label) => label.length < 2)) continue;
		const domain = domainFromColumn(candidate);
		if (domain) return domain;
	}
	return null;
}

/** Lookup key for a company name: lowercase, single spaces, no surrounding punctuation. */
export function nameKey(name: string | null): string | null {
	if (name === null) return null;
	const key = name.toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim().replace(/^[\s.,;]+|[\s.,;]+$/g, '');
	return key === '' ? null : key;
}

/** Resolves one legacy customer. `evidenceDomain` finds a domain by name key in the evidence library. */
export function resolveCustomerDomain(
	customer: {domain: string | null; name: string | null},
	evidenceDomain: (nameKey: string) => string | undefined,
): CustomerResolution {
	const fromColumn = domainFromColumn(customer.domain);
	if (fromColumn) return {domain: fromColumn, how: 'domain_column'};
	const inName = domainInName(customer.domain) ?? domainInName(customer.name);
	if (inName) return {domain: inName, how: 'domain_in_name'};
	for (const key of [nameKey(customer.name), nameKey(customer.domain)]) {
		const found = key ? evidenceDomain(key) : undefined;
		if (found) return {domain: found, how: 'evidence_library'};
	}
	return {domain: null, how: 'unresolved'};
}
