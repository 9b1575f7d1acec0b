/**
 * Signal detection from a company's stored intel, and the whole score of one company
 * (lead score, signals, priority, product fit). Pure: the same bundle and `now` give the
 * same score. What each signal reads is listed in docs/scoring.md.
 */
import {findPartnerTechnology, findSearchProvider} from '../technology-catalogue.js';
import {ageInDays, evidenceItems, isoDate, isRealUrl, toNumber, urlsIn, type EvidenceItem} from './evidence.js';
import {digitalLeadershipRole, hiringTier, searchCommerceRole, summariseHiring} from './hiring.js';
import type {IntelBundle, TechnologyIntel} from './intel.js';
import {ICP_TIER_DESCRIPTIONS, leadScore, type LeadScore} from './lead-score.js';
import {legacyPriority, marginZone, signalPriority, type Priority} from './priority.js';
import {algoliaProductMapping, type ProductFit} from './products.js';
import {scoreSignals, type DetectedSignal, type SignalScore, type SignalType} from './signals.js';

const technologyExecutive = /\b(cto|cdo|cio|chief (technology|digital|information|data|digital and technology|technology and digital)( officer)?)\b/i;
const searchWords = /\b(search|searching|discovery|findability|find what|relevance|relevant results|site search|product discovery)\b/i;
const digitalWords = /\b(digital|e-?commerce|ecommerce|online|omnichannel|personali[sz]\w*|ai|artificial intelligence|customer experience|direct-to-consumer|d2c|dtc|web ?shop|app)\b/i;
const migrationWords = /\b(migrat\w*|re-?platform\w*|moving to|moved to|switch(ed|ing)? to|new (commerce |e-?commerce )?platform|platform (change|launch))\b/i;
const initiativeWords = /\b(digital transformation|digital platform|transformation|omnichannel|direct-to-consumer|d2c|e-?commerce (expansion|investment|growth)|modernis\w*|moderniz\w*|launch\w*|investment)\b/i;
const layoffWords = /\b(layoffs?|lay(ing)? off|laid off|job cuts|redundanc\w*|headcount reduction|workforce reduction)\b/i;
const removalWords = /\b(removed|dropped|discontinued|no longer|replaced|sunset\w*)\b/i;
const additionWords = /\b(added|adopted|implemented|launched|rolled out|switched to|deployed)\b/i;

const nonLegacy = (source: string | null) => source !== 'legacy_import';

/** Provenance of a bundle's source rows (derived rows written by analysis do not count). */
export function isEnriched(bundle: IntelBundle): boolean {
	const rows = [
		...bundle.technologies,
		...bundle.competitors,
		...bundle.hiring,
		...bundle.quotes,
		...bundle.executives,
		bundle.searchProvider,
		bundle.traffic,
		bundle.financial,
		bundle.strategic,
		bundle.investor,
	].filter((row) => row !== null);
	return rows.some((row) => nonLegacy(row.dataSource) && row.dataSource !== 'analysis');
}

type Origin = {dataSource: string | null; retrievedAt: string | null} | null | undefined;

function event(type: SignalType, evidence: string, sourceUrl: string | null | undefined, detectedAt: unknown, origin: Origin): DetectedSignal {
	return {type, evidence, sourceUrl: isRealUrl(sourceUrl) ? sourceUrl.trim() : null, detectedAt: isoDate(detectedAt), dataSource: origin?.dataSource ?? null, retrievedAt: origin?.retrievedAt ?? null};
}

function searchTech(tech: TechnologyIntel) {
	const provider = findSearchProvider(tech.technologyName) ?? (tech.competitorName ? findSearchProvider(tech.competitorName) : undefined);
	if (provider) return provider;
	return tech.isCompetitorSearch ? {name: tech.competitorName ?? tech.technologyName, kind: 'competitor' as const, difficulty: null} : undefined;
}

/** Year-over-year revenue change from revenue_3yr ([{fiscal_year, revenue, yoy_change}] or {year: revenue}). */
export function revenueGrowth(revenue3yr: unknown): {yoy: number; year: string | null} | null {
	let points: {year: string; revenue: number; yoy: number | null}[] = [];
	if (Array.isArray(revenue3yr)) {
		points = revenue3yr
			.map((item) => {
				const record = (item ?? {}) as Record<string, unknown>;
				return {
					year: String(record.fiscal_year ?? record.year ?? record.period ?? record.end ?? ''),
					revenue: toNumber(record.revenue ?? record.value) ?? Number.NaN,
					yoy: toNumber(record.yoy_change ?? record.yoy),
				};
			})
			.filter((point) => point.year !== '');
	} else if (revenue3yr && typeof revenue3yr === 'object') {
		points = Object.entries(revenue3yr as Record<string, unknown>).map(([year, value]) => ({year, revenue: toNumber(value) ?? Number.NaN, yoy: null}));
	}
	points.sort((a, b) => a.year.localeCompare(b.year));
	const last = points.at(-1);
	if (!last) return null;
	if (last.yoy !== null) return {yoy: Math.abs(last.yoy) > 2 ? last.yoy / 100 : last.yoy, year: last.year};
	const previous = points.at(-2);
	if (!previous || !Number.isFinite(previous.revenue) || !Number.isFinite(last.revenue) || previous.revenue <= 0) return null;
	return {yoy: last.revenue / previous.revenue - 1, year: last.year};
}

function classifyEvent(item: EvidenceItem): SignalType | null {
	const type = item.type ?? '';
	const provider = findSearchProvider(item.text);
	if (/removal|removed|tech_removal|vendor_removed/.test(type) || (removalWords.test(item.text) && provider && provider.kind !== 'algolia')) {
		return provider && provider.kind !== 'algolia' ? 'search_vendor_removed' : /search/i.test(item.text) ? 'search_vendor_removed' : null;
	}
	if (/layoff/.test(type) || layoffWords.test(item.text)) return 'layoffs';
	if (/leadership|executive|officer_change|5\.02/.test(type) && technologyExecutive.test(item.text)) return 'new_technology_executive';
	if (/search_added|tech_added|vendor_added/.test(type) || (additionWords.test(item.text) && provider && provider.kind !== 'algolia')) {
		return provider && provider.kind !== 'algolia' ? 'competitor_search_added' : null;
	}
	if (/migration|replatform/.test(type) || migrationWords.test(item.text)) return 'platform_migration';
	if (/initiative|transformation|expansion|investment/.test(type) || initiativeWords.test(item.text)) return 'digital_initiative';
	return null;
}

/** Every signal the intel supports, sourced or not (unsourced ones score nothing). */
export function detectSignals(bundle: IntelBundle, now: Date): DetectedSignal[] {
	const signals: DetectedSignal[] = [];
	const within = (date: unknown, days: number) => {
		const age = ageInDays(date, now);
		return age !== null && age <= days;
	};

	// Budget: hiring.
	for (const role of bundle.hiring) {
		const date = role.postedDate ?? role.discoveredAt;
		if (searchCommerceRole.test(role.roleTitle) || /^(ecommerce|merchandising)$/i.test(role.category ?? '')) {
			signals.push(event('hiring_search_ecommerce', `Hiring: ${role.roleTitle}`, role.sourceUrl, date, role));
		}
		if (hiringTier(role.roleTitle) === 1 && digitalLeadershipRole.test(role.roleTitle)) {
			signals.push(event('hiring_digital_leadership', `Hiring a leader: ${role.roleTitle}`, role.sourceUrl, date, role));
		}
	}

	// Budget / negative: financials.
	const financial = bundle.financial;
	if (financial) {
		const source = urlsIn(financial.sourceUrls)[0] ?? null;
		const growth = revenueGrowth(financial.revenue3yr);
		const trend = financial.revenueTrend?.toLowerCase() ?? '';
		if (growth && growth.yoy > 0.1) signals.push(event('revenue_growing', `Revenue up ${(growth.yoy * 100).toFixed(1)}% year over year${growth.year ? ` (${growth.year})` : ''}`, source, financial.retrievedAt, financial));
		if ((growth && growth.yoy < 0) || (!growth && /declin|decreas|down/.test(trend))) {
			signals.push(event('revenue_declining', growth ? `Revenue down ${(Math.abs(growth.yoy) * 100).toFixed(1)}% year over year${growth.year ? ` (${growth.year})` : ''}` : `Revenue trend: ${financial.revenueTrend}`, source, financial.retrievedAt, financial));
		}
		const zone = (financial.marginZone?.toUpperCase() as 'RED' | 'YELLOW' | 'GREEN' | undefined) ?? marginZone(financial.ebitdaMargin) ?? undefined;
		const margin = financial.ebitdaMargin !== null ? ` (EBITDA margin ${(financial.ebitdaMargin * 100).toFixed(1)}%)` : '';
		if (zone === 'GREEN') signals.push(event('margin_green', `Margin zone GREEN${margin}`, source, financial.retrievedAt, financial));
		if (zone === 'RED') signals.push(event('margin_red', `Margin zone RED${margin}`, source, financial.retrievedAt, financial));
		if (financial.ticker || bundle.company.isPublic) {
			const ticker = financial.ticker ?? bundle.company.ticker;
			signals.push(event('public_company', `Public company${ticker ? ` (${ticker})` : ''}`, source, financial.retrievedAt, financial));
		}
		if (financial.ecommerceGrowthYoy !== null && financial.ecommerceGrowthYoy > 0.2) {
			signals.push(event('ecommerce_growing', `E-commerce revenue up ${(financial.ecommerceGrowthYoy * 100).toFixed(1)}% year over year`, source, financial.retrievedAt, financial));
		}
	}

	// Pain: current search provider.
	const provider = bundle.searchProvider;
	if (provider && !provider.isAlgolia) {
		const known = provider.currentProvider ? findSearchProvider(provider.currentProvider) : undefined;
		const native = provider.providerType === 'native' || known?.kind === 'open_source' || known?.kind === 'native';
		if (provider.currentProvider && known?.kind === 'competitor') {
			signals.push(event('competitor_search_product', `Runs ${provider.currentProvider} (${known.name}) for search`, provider.sourceUrl, provider.retrievedAt, provider));
		} else if (provider.currentProvider && native) {
			signals.push(event('native_search', `Runs ${provider.currentProvider} (native/platform search)`, provider.sourceUrl, provider.retrievedAt, provider));
		}
	}

	// Pain / negative / timing: the technology stack.
	for (const tech of bundle.technologies) {
		const search = searchTech(tech);
		if (search && search.kind !== 'algolia') {
			if (tech.change === 'removed') {
				signals.push(event('search_vendor_removed', `${tech.technologyName} removed from the site`, tech.sourceUrl, tech.lastDetected, tech));
			} else {
				if (tech.change === 'added' || within(tech.firstDetected, 60)) {
					if (search.kind === 'competitor') signals.push(event('competitor_search_added', `${tech.technologyName} added (first detected ${isoDate(tech.firstDetected) ?? 'recently'})`, tech.sourceUrl, tech.firstDetected, tech));
				}
				if (within(tech.firstDetected, 365)) {
					signals.push(event('recent_search_implementation', `${tech.technologyName} implemented ${isoDate(tech.firstDetected)} (under 12 months ago)`, tech.sourceUrl, tech.firstDetected, tech));
				}
			}
		}
		if ((tech.isPartnerTech || findPartnerTechnology(tech.technologyName)) && tech.change !== 'removed' && (tech.change === 'added' || within(tech.firstDetected, 60))) {
			signals.push(event('platform_migration', `${tech.technologyName} first detected ${isoDate(tech.firstDetected) ?? 'recently'}: a new platform`, tech.sourceUrl, tech.firstDetected, tech));
		}
	}

	// Pain: bounce rate (a fraction; a percentage above 1 is read as %).
	const traffic = bundle.traffic;
	if (traffic?.bounceRate !== null && traffic?.bounceRate !== undefined) {
		const bounce = traffic.bounceRate > 1 ? traffic.bounceRate / 100 : traffic.bounceRate;
		if (bounce > 0.5) signals.push(event('high_bounce_rate', `Bounce rate ${(bounce * 100).toFixed(1)}%${traffic.dataMonth ? ` (${traffic.dataMonth})` : ''}`, traffic.sourceUrl, traffic.retrievedAt, traffic));
	}

	// Pain: executives in their own words.
	for (const quote of bundle.quotes) {
		const type: SignalType | null = searchWords.test(quote.quote) ? 'exec_quote_search' : digitalWords.test(quote.quote) ? 'exec_quote_digital' : null;
		if (type) signals.push(event(type, `${quote.speakerName}${quote.speakerTitle ? `, ${quote.speakerTitle}` : ''}: "${quote.quote}"`, quote.sourceUrl, quote.sourceDate, quote));
	}

	// Timing: new technology executives (< 18 months in the role).
	for (const executive of bundle.executives) {
		if (executive.title && technologyExecutive.test(executive.title) && executive.tenureStart && within(executive.tenureStart, 548)) {
			signals.push(event('new_technology_executive', `${executive.name} became ${executive.title} on ${isoDate(executive.tenureStart)}`, executive.linkedinUrl, executive.tenureStart, executive));
		}
	}

	// Timing: competitors on Algolia.
	const onAlgolia = bundle.competitors.filter((competitor) => competitor.competitorUsesAlgolia);
	for (const competitor of onAlgolia) {
		signals.push(event('competitor_uses_algolia', `Competitor ${competitor.competitorDomain} uses Algolia`, competitor.sourceUrl, competitor.retrievedAt, competitor));
	}

	// Timing / pain / negative: trigger events, initiatives, cautions.
	const strategic = bundle.strategic;
	if (strategic) {
		const fallbackUrl = urlsIn(strategic.sourceUrls).length === 1 ? urlsIn(strategic.sourceUrls)[0]! : null;
		const add = (item: EvidenceItem, forced?: SignalType) => {
			const type = forced ?? classifyEvent(item);
			if (type) signals.push(event(type, item.text, item.sourceUrl ?? fallbackUrl, item.date ?? strategic.retrievedAt, strategic));
		};
		for (const item of evidenceItems(strategic.triggerEvents)) add(item);
		for (const item of evidenceItems(strategic.strategicInitiatives)) add(item, classifyEvent(item) ?? 'digital_initiative');
		for (const item of evidenceItems(strategic.cautionSignals)) if (layoffWords.test(item.text) || /layoff/.test(item.type ?? '')) add(item, 'layoffs');
	}
	if (bundle.investor) {
		for (const item of evidenceItems(bundle.investor.digitalCommitments)) signals.push(event('digital_initiative', item.text, item.sourceUrl, item.date ?? bundle.investor.retrievedAt, bundle.investor));
	}

	// Negative: already an Algolia customer.
	const algoliaTech = bundle.technologies.find((tech) => findSearchProvider(tech.technologyName)?.kind === 'algolia' && tech.change !== 'removed');
	if (bundle.customer?.isCustomer) {
		// The customer table is pf's own record: its "source" is the list itself.
		signals.push({type: 'algolia_customer', evidence: `On the Algolia customer list (${bundle.customer.source})`, sourceUrl: 'pf:core_customers', detectedAt: null, dataSource: bundle.customer.source, retrievedAt: null});
	} else if (provider?.isAlgolia || algoliaTech) {
		signals.push(event('algolia_customer', 'Algolia detected on the site', algoliaTech?.sourceUrl ?? provider?.sourceUrl, algoliaTech?.lastDetected ?? provider?.retrievedAt, algoliaTech ?? provider));
	}
	return signals;
}

export type CompanyScore = {
	domain: string;
	lead: LeadScore;
	tierDescription: string;
	signals: SignalScore;
	priority: Priority;
	products: ProductFit[];
	isCustomer: boolean;
	enriched: boolean;
	/** Confidence of the ICP placement: share of the lead-score inputs that are known. */
	confidence: number;
};

/** True when the company is an Algolia customer (the analyst's override in core_customers wins). */
export function isAlgoliaCustomer(bundle: IntelBundle): boolean {
	if (bundle.customer) return bundle.customer.isCustomer;
	return false;
}

export function leadScoreOf(bundle: IntelBundle): LeadScore {
	const partner = bundle.technologies.filter((tech) => tech.change !== 'removed' && (tech.isPartnerTech || findPartnerTechnology(tech.technologyName))).map((tech) => tech.technologyName);
	return leadScore({
		vertical: bundle.company.vertical,
		monthlyVisits: bundle.traffic?.monthlyVisits ?? null,
		techSpend: bundle.searchProvider?.techSpendEstimate ?? null,
		partnerTechnologies: partner,
	});
}

/** Scores one company: the full model once it has sourced signals or was enriched, else the legacy bands. */
export function scoreCompany(bundle: IntelBundle, now: Date): CompanyScore {
	const lead = leadScoreOf(bundle);
	const detected = detectSignals(bundle, now);
	const signals = scoreSignals(detected, now);
	const isCustomer = isAlgoliaCustomer(bundle);
	const enriched = isEnriched(bundle);
	const sourced = detected.some((signal) => signal.sourceUrl !== null && signal.type !== 'algolia_customer');
	const priority = enriched || sourced ? signalPriority(lead.total, signals, isCustomer) : legacyPriority(lead.total, isCustomer);
	const hiring = summariseHiring(bundle.hiring);
	const ecommerceRevenue = toNumber(bundle.financial?.ecommerceRevenue ?? null);
	const known = [bundle.company.vertical && lead.tier !== 0, bundle.traffic?.monthlyVisits != null, bundle.searchProvider?.techSpendEstimate != null, lead.partnerTechnology !== null].filter(Boolean).length;
	return {
		domain: bundle.domain,
		lead,
		tierDescription: ICP_TIER_DESCRIPTIONS[lead.tier],
		signals,
		priority,
		products: algoliaProductMapping(lead.tier, signals.signals, {hasEcommerceRevenue: (ecommerceRevenue ?? 0) > 0, aiHiring: hiring.aiInvestmentSignal}),
		isCustomer,
		enriched,
		confidence: known / 4,
	};
}
