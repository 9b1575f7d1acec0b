/**
 * Assembles the Strategic Signal Brief from a company's stored intel, by pure functions:
 * the same intel, `now` and version give the same document. Every fact points into the
 * bibliography by number (real URLs only); a fact without a URL is marked "legacy,
 * unsourced" (legacy import) or "unsourced", never cited. A section with no data says so.
 */
import {findPartnerTechnology} from '../technology-catalogue.js';
import {matchCaseStudies} from '../scoring/case-studies.js';
import {buyingCommittee} from '../scoring/committee.js';
import {revenueGrowth, scoreCompany, type CompanyScore} from '../scoring/detect.js';
import {evidenceItems, isoDate, isRealUrl, toNumber, urlsIn} from '../scoring/evidence.js';
import {hiringCategory, hiringTier, summariseHiring} from '../scoring/hiring.js';
import type {IntelBundle} from '../scoring/intel.js';
import {competitorLandscape, displacementDifficulty} from '../scoring/landscape.js';
import {addressableSearchRevenue, marginZone, roiScenarios} from '../scoring/priority.js';
import {BRIEF_SCHEMA_VERSION, type Brief, type FactProvenance, type Ref, type SourceEntry} from './types.js';

/** Numbers sources in order of first citation; the same URL keeps its number. */
export class Bibliography {
	readonly entries: SourceEntry[] = [];
	private readonly byUrl = new Map<string, number>();

	/** A reference for a fact read from a row with this URL and provenance. */
	cite(url: string | null | undefined, origin: {dataSource: string | null; retrievedAt: string | null}, title: string): Ref {
		if (isRealUrl(url)) {
			const key = url.trim();
			let n = this.byUrl.get(key);
			if (n === undefined) {
				n = this.entries.length + 1;
				this.byUrl.set(key, n);
				this.entries.push({n, url: key, title, data_source: origin.dataSource, retrieved_at: origin.retrievedAt});
			}
			return {sources: [n], provenance: 'cited'};
		}
		return {sources: [], provenance: origin.dataSource === 'legacy_import' ? 'legacy, unsourced' : 'unsourced'};
	}
}

const SOURCE_NAMES: Record<string, string> = {
	builtwith: 'BuiltWith',
	similarweb: 'SimilarWeb',
	sec_edgar: 'SEC EDGAR',
	yahoo_finance: 'Yahoo Finance',
	jsearch: 'Job posting',
	websearch: 'Web',
	analyst: 'Analyst',
	legacy_import: 'Legacy database',
};

/** A bibliography title: the source's name and what was read there. */
export function sourceTitle(dataSource: string | null, what: string): string {
	const text = what.length > 100 ? `${what.slice(0, 97)}…` : what;
	const name = dataSource ? (SOURCE_NAMES[dataSource] ?? dataSource) : null;
	return name ? `${name}: ${text}` : text;
}

/** A fact computed from others: cited only when every input is cited. */
export function derived(...refs: Ref[]): Ref {
	const sources = [...new Set(refs.flatMap((ref) => ref.sources))].sort((a, b) => a - b);
	const worst: FactProvenance | null = refs.some((ref) => ref.provenance === 'legacy, unsourced')
		? 'legacy, unsourced'
		: refs.some((ref) => ref.provenance === 'unsourced')
			? 'unsourced'
			: null;
	return {sources, provenance: worst ?? (refs.length === 1 && refs[0]!.provenance === 'cited' ? 'cited' : 'derived')};
}

export function formatMoney(value: number | string | null): string {
	const n = typeof value === 'string' ? Number(value) : value;
	if (n === null || !Number.isFinite(n)) return 'unknown';
	const abs = Math.abs(n);
	if (abs >= 1e9) return `$${(n / 1e9).toFixed(1)}B`;
	if (abs >= 1e6) return `$${(n / 1e6).toFixed(1)}M`;
	if (abs >= 1e3) return `$${(n / 1e3).toFixed(0)}K`;
	return `$${n}`;
}

export function formatCount(value: number): string {
	if (value >= 1e9) return `${(value / 1e9).toFixed(1)}B`;
	if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
	if (value >= 1e3) return `${(value / 1e3).toFixed(0)}K`;
	return String(value);
}

const keepDigits = (value: number | string | null): number | string | null => {
	if (value === null) return null;
	const n = Number(value);
	return Number.isSafeInteger(n) ? n : typeof value === 'string' ? value : n;
};

const noData = (what: string) => ({available: false, note: what});
const withData = {available: true, note: null};

export type BriefOptions = {version: number; generatedAt: Date; now?: Date};

export function assembleBrief(bundle: IntelBundle, options: BriefOptions): Brief {
	const now = options.now ?? options.generatedAt;
	const score: CompanyScore = scoreCompany(bundle, now);
	const bib = new Bibliography();
	const company = bundle.company;
	const name = company.companyName ?? company.domain;
	const companyOrigin = {dataSource: score.enriched ? null : 'legacy_import', retrievedAt: company.updatedAt};

	// --- Timing signals (all detected signals; unclassified trigger events too) ---------
	const timingItems: Brief['timing_signals']['items'] = score.signals.signals.map((signal) => ({
		...(signal.sourceUrl && isRealUrl(signal.sourceUrl) ? bib.cite(signal.sourceUrl, {dataSource: signal.dataSource, retrievedAt: signal.retrievedAt ?? null}, sourceTitle(signal.dataSource, signal.evidence)) : signal.type === 'algolia_customer' ? {sources: [], provenance: 'derived' as const} : bib.cite(null, {dataSource: signal.dataSource, retrievedAt: null}, signal.label)),
		type: signal.type,
		label: signal.label,
		category: signal.category,
		evidence: signal.evidence,
		points: signal.points,
		base_points: signal.basePoints,
		scored: signal.excluded === null,
		excluded: signal.excluded,
		detected_at: signal.detectedAt,
		age_days: signal.ageDays,
	}));
	const classified = new Set(score.signals.signals.map((signal) => signal.evidence));
	if (bundle.strategic) {
		for (const item of [...evidenceItems(bundle.strategic.triggerEvents), ...evidenceItems(bundle.strategic.cautionSignals)]) {
			if (classified.has(item.text)) continue;
			timingItems.push({
				...bib.cite(item.sourceUrl, {dataSource: bundle.strategic.dataSource, retrievedAt: bundle.strategic.retrievedAt}, item.sourceName ?? 'Trigger event'),
				type: null,
				label: 'trigger event (not a catalogued signal)',
				category: null,
				evidence: item.text,
				points: 0,
				base_points: null,
				scored: false,
				excluded: 'not a catalogued signal',
				detected_at: item.date,
				age_days: null,
			});
		}
	}
	// Fix retrieval dates of cited signals from the rows they came from (first citation wins).
	const timing: Brief['timing_signals'] = timingItems.length
		? {...withData, items: timingItems}
		: {...noData('No timing signals on record: no hiring, trigger events, executive changes, financial trends or technology changes are stored for this company.'), items: []};

	// --- In their own words -------------------------------------------------------------
	const quotes = bundle.quotes.map((quote) => ({
		...bib.cite(quote.sourceUrl, quote, quote.quoteContext ?? `${quote.speakerName} quote`),
		speaker: quote.speakerName,
		title: quote.speakerTitle,
		quote: quote.quote,
		context: quote.quoteContext,
		date: quote.sourceDate,
		url: isRealUrl(quote.sourceUrl) ? quote.sourceUrl : null,
	}));
	if (bundle.investor) {
		for (const item of evidenceItems(bundle.investor.keyQuotes)) {
			if (quotes.some((quote) => quote.quote === item.text)) continue;
			quotes.push({...bib.cite(item.sourceUrl, bundle.investor, item.sourceName ?? 'Investor communication'), speaker: item.sourceName ?? 'Company', title: null, quote: item.text, context: item.type, date: item.date, url: item.sourceUrl});
		}
	}
	const ownWords: Brief['in_their_own_words'] = quotes.length ? {...withData, quotes} : {...noData('No executive quotes on record.'), quotes: []};

	// --- People -------------------------------------------------------------------------
	const committee = buyingCommittee(bundle.executives);
	const members = committee.members.map((member) => ({
		...bib.cite(member.linkedinUrl, member, `${member.name}, ${member.title ?? 'executive'}`),
		name: member.name,
		title: member.title,
		role: member.role,
		new_to_role: member.isNewToRole,
	}));
	const entry = committee.entryPoint;
	const people: Brief['people'] = members.length
		? {
				...withData,
				members,
				entry_point: entry ? {...bib.cite(entry.member.linkedinUrl, entry.member, `${entry.member.name}, ${entry.member.title ?? 'executive'}`), name: entry.member.name, title: entry.member.title, role: entry.member.role, reason: entry.reason} : null,
			}
		: {...noData('No executives on record: the buying committee and entry point are unknown.'), members: [], entry_point: null};

	// --- Money --------------------------------------------------------------------------
	const financial = bundle.financial;
	let money: Brief['money'];
	if (financial) {
		const url = urlsIn(financial.sourceUrls)[0] ?? null;
		const ref = bib.cite(url, financial, `Financials${financial.ticker ? ` (${financial.ticker})` : ''}`);
		const revenue = keepDigits(financial.latestRevenue);
		const growth = revenueGrowth(financial.revenue3yr);
		const trendText = financial.revenueTrend ?? (growth ? (growth.yoy > 0.02 ? 'growing' : growth.yoy < -0.02 ? 'declining' : 'stable') : null);
		const zone = (financial.marginZone?.toUpperCase() as 'RED' | 'YELLOW' | 'GREEN' | undefined) ?? marginZone(financial.ebitdaMargin);
		const ecommerce = keepDigits(financial.ecommerceRevenue);
		const ecommerceNumber = toNumber(ecommerce);
		const addressable = ecommerceNumber !== null ? addressableSearchRevenue(ecommerceNumber) : null;
		const history = Array.isArray(financial.revenue3yr)
			? (financial.revenue3yr as Record<string, unknown>[]).map((point) => ({...ref, fiscal_year: String(point?.fiscal_year ?? point?.year ?? ''), revenue: keepDigits((point?.revenue as number | string | null) ?? null)}))
			: [];
		const derivedRef = derived(ref);
		money = {
			...withData,
			ticker: financial.ticker ?? company.ticker,
			revenue: revenue !== null ? {...ref, value: revenue, display: formatMoney(revenue)} : null,
			revenue_trend: trendText ? {...ref, value: trendText} : null,
			revenue_history: history,
			margin_zone: zone ? {...ref, value: zone, ebitda_margin: financial.ebitdaMargin} : null,
			ecommerce_revenue: ecommerce !== null ? {...ref, value: ecommerce, display: formatMoney(ecommerce)} : null,
			addressable_search_revenue: addressable !== null ? {...derivedRef, provenance: derivedRef.provenance === 'cited' ? 'derived' : derivedRef.provenance, value: addressable, display: formatMoney(addressable)} : null,
			roi_scenarios: roiScenarios(addressable).map((scenario) => ({...derivedRef, provenance: derivedRef.provenance === 'cited' ? 'derived' : derivedRef.provenance, lift: scenario.lift, label: scenario.label, additional_revenue: scenario.additionalRevenue, display: formatMoney(scenario.additionalRevenue)})),
		};
		if (ecommerce === null) money.note = 'E-commerce revenue unknown: addressable search revenue and ROI scenarios cannot be computed.';
	} else {
		money = {...noData('No financial data on record.'), ticker: company.ticker, revenue: null, revenue_trend: null, revenue_history: [], margin_zone: null, ecommerce_revenue: null, addressable_search_revenue: null, roi_scenarios: []};
	}

	// --- Competitive landscape and current search ---------------------------------------
	const landscape = competitorLandscape(bundle.competitors);
	const provider = bundle.searchProvider;
	const displacement = provider ? displacementDifficulty(provider.currentProvider, provider.providerType) : null;
	const currentSearch =
		provider && displacement
			? {...bib.cite(provider.sourceUrl, provider, `Search provider of ${company.domain}`), provider: displacement.currentProvider, provider_type: displacement.providerType, difficulty: displacement.difficulty, reasoning: displacement.reasoning}
			: null;
	const competitors = landscape.competitors.map((competitor) => ({
		...bib.cite(competitor.sourceUrl, {dataSource: competitor.dataSource, retrievedAt: bundle.competitors.find((c) => c.competitorDomain === competitor.domain)?.retrievedAt ?? null}, `Competitor ${competitor.domain}`),
		domain: competitor.domain,
		search_provider: competitor.provider,
		uses_algolia: competitor.usesAlgolia,
	}));
	const competitive: Brief['competitive_landscape'] = {
		available: competitors.length > 0 || currentSearch !== null,
		note: competitors.length === 0 ? (currentSearch ? 'No competitors analysed yet.' : 'No competitors analysed and no search provider on record.') : null,
		total_analyzed: landscape.totalCompetitorsAnalyzed,
		algolia_users: landscape.algoliaUsers,
		constructor_users: landscape.constructorUsers,
		elasticsearch_users: landscape.elasticsearchUsers,
		native_search_users: landscape.nativeSearchUsers,
		other_search_users: landscape.otherSearchUsers,
		unknown_provider: landscape.unknownProvider,
		first_mover_opportunity: landscape.firstMoverOpportunity,
		positioning: landscape.competitivePositioning,
		competitors,
		current_search: currentSearch,
	};

	// --- Hiring intelligence ------------------------------------------------------------
	const partnerNames = bundle.technologies.filter((tech) => tech.isPartnerTech || findPartnerTechnology(tech.technologyName)).map((tech) => tech.technologyName);
	const hiringSummary = summariseHiring(bundle.hiring, partnerNames);
	const roles = bundle.hiring.map((role) => ({
		...bib.cite(role.sourceUrl, role, `Job posting: ${role.roleTitle}`),
		title: role.roleTitle,
		tier: hiringTier(role.roleTitle),
		category: hiringCategory(role.roleTitle, role.category),
		posted_date: role.postedDate,
		location: role.location,
	}));
	const hiring: Brief['hiring_intelligence'] = {
		...(roles.length ? withData : noData('No job postings on record.')),
		total_open_roles: hiringSummary.totalOpenRoles,
		tier_1: hiringSummary.tier1,
		tier_2: hiringSummary.tier2,
		tier_3: hiringSummary.tier3,
		by_category: hiringSummary.byCategory,
		ai_investment_signal: hiringSummary.aiInvestmentSignal,
		roles,
	};

	// --- Gaps (only what the data shows) ------------------------------------------------
	const gaps: Brief['gaps']['items'] = [];
	const signalRef = (type: string) => timingItems.find((item) => item.type === type);
	for (const [type, gap] of [
		['native_search', 'Search runs on native/platform search, which rarely matches a dedicated engine on relevance and merchandising'],
		['competitor_search_product', 'Search runs on a competitor product'],
		['search_vendor_removed', 'A search vendor was removed: search may be uncovered right now'],
		['high_bounce_rate', 'More than half of the visits bounce'],
		['exec_quote_search', 'Executives name search/discovery as a problem to solve'],
	] as const) {
		const item = signalRef(type);
		if (item) gaps.push({sources: item.sources, provenance: item.provenance, gap, evidence: item.evidence});
	}
	if (landscape.algoliaUsers > 0) {
		const onAlgolia = competitors.filter((competitor) => competitor.uses_algolia);
		gaps.push({...derived(...onAlgolia), gap: 'Competitors already search with Algolia', evidence: onAlgolia.map((competitor) => competitor.domain).join(', ')});
	}
	const gapsSection: Brief['gaps'] = gaps.length ? {...withData, items: gaps} : {...noData('The stored data shows no gaps (none are assumed).'), items: []};

	// --- ICP mapping --------------------------------------------------------------------
	const icp: Brief['icp_mapping'] = {
		...withData,
		tier: score.lead.tier,
		tier_name: score.lead.tierName,
		tier_description: score.tierDescription,
		lead_score: score.lead.total,
		lead_score_breakdown: score.lead.breakdown,
		lead_score_reasons: score.lead.reasons,
		signal_score: score.signals.adjusted,
		signal_totals: score.signals.totals,
		priority_score: score.priority.score,
		priority_status: score.priority.status,
		priority_reasoning: score.priority.reasoning,
		model_version: score.priority.modelVersion,
		is_customer: score.isCustomer,
		products: score.products,
	};

	// --- Case studies and the angle -----------------------------------------------------
	const technologies = bundle.technologies.map((tech) => tech.technologyName);
	const matches = matchCaseStudies(
		{vertical: company.vertical, subVertical: company.subVertical, industry: company.industry, tier: score.lead.tier, monthlyVisits: bundle.traffic?.monthlyVisits ?? null, technologies},
		bundle.caseStudies,
	);
	const caseStudies = matches.map((match) => ({
		...bib.cite(match.url, {dataSource: match.caseStudy.dataSource === 'legacy_import' && match.url ? 'legacy_import' : match.caseStudy.dataSource, retrievedAt: match.caseStudy.retrievedAt}, `Algolia case study: ${match.caseStudy.customerName}`),
		customer: match.caseStudy.customerName,
		relevance: match.score,
		reasoning: match.reasoning,
		results: match.caseStudy.keyResults,
		url: match.url,
	}));
	const legacyNotes = bundle.displacement?.displacementReasoning
		? [{...bib.cite(null, bundle.displacement, 'Displacement analysis'), text: bundle.displacement.displacementReasoning}]
		: [];

	const angleParts: {text: string; ref: Ref}[] = [];
	const strongest = score.signals.signals.find((signal) => signal.excluded === null && signal.category !== 'negative');
	if (score.isCustomer) angleParts.push({text: `${name} is already an Algolia customer: this is an expansion conversation, not a displacement.`, ref: {sources: [], provenance: 'derived'}});
	if (strongest) {
		const item = timingItems.find((timingItem) => timingItem.evidence === strongest.evidence && timingItem.type === strongest.type)!;
		angleParts.push({text: `Open with the strongest signal: ${strongest.evidence} (${strongest.label}).`, ref: item});
	}
	if (currentSearch?.provider) angleParts.push({text: `They search with ${currentSearch.provider}${currentSearch.difficulty ? `, ${currentSearch.difficulty} difficulty to displace` : ''}.`, ref: currentSearch});
	if (landscape.algoliaUsers > 0) angleParts.push({text: `${landscape.algoliaUsers} of their ${landscape.totalCompetitorsAnalyzed} analysed competitors already use Algolia.`, ref: derived(...competitors.filter((c) => c.uses_algolia))});
	else if (landscape.firstMoverOpportunity) angleParts.push({text: `None of their ${landscape.totalCompetitorsAnalyzed} analysed competitors uses Algolia: a first-mover pitch.`, ref: derived(...competitors)});
	if (money.addressable_search_revenue) angleParts.push({text: `Search touches about ${money.addressable_search_revenue.display} of e-commerce revenue a year; a 10% lift is ${money.roi_scenarios[1]?.display ?? 'unknown'}.`, ref: money.addressable_search_revenue});
	const proof = caseStudies.find((study) => study.url);
	if (proof) angleParts.push({text: `Proof: ${proof.customer}${proof.results ? ` (${proof.results.split('\n')[0]!.trim()})` : ''}.`, ref: proof});
	const angleRef = derived(...angleParts.map((part) => part.ref));
	const angle: Brief['the_angle'] = angleParts.length
		? {...withData, ...angleRef, text: angleParts.map((part) => part.text).join(' '), parts: angleParts.map((part) => ({text: part.text, sources: part.ref.sources, provenance: part.ref.provenance})), case_studies: caseStudies, legacy_notes: legacyNotes}
		: {
				...noData('Not enough sourced data for an angle yet: enrich the company.'),
				sources: [],
				provenance: 'derived',
				text: '',
				parts: [],
				case_studies: caseStudies,
				legacy_notes: legacyNotes,
			};

	// --- The 60-second story (five sentences, each from data) ---------------------------
	const sentences: Brief['sixty_second_story']['sentences'] = [];
	const where = [company.city, company.country].filter(Boolean).join(', ');
	sentences.push({
		...bib.cite(null, companyOrigin, 'Company record'),
		text: `${name} (${company.domain}) is ${score.lead.tier === 0 ? 'a company of unknown vertical' : `a company in ${company.vertical} (ICP tier ${score.lead.tier}, ${score.lead.tierName})`}${where ? ` based in ${where}` : ''}${company.ticker || money.ticker ? `, listed as ${company.ticker ?? money.ticker}` : ''}.`,
	});
	const partnerTech = bundle.technologies.find((tech) => tech.isPartnerTech || findPartnerTechnology(tech.technologyName));
	if (partnerTech || currentSearch) {
		const techRef = partnerTech ? bib.cite(partnerTech.sourceUrl, partnerTech, `Technology stack of ${company.domain}`) : null;
		sentences.push({
			...derived(...[techRef, currentSearch].filter((ref): ref is Ref => ref !== null)),
			text: `It runs ${partnerTech ? partnerTech.technologyName : 'an unknown platform'}${currentSearch?.provider ? ` and searches with ${currentSearch.provider}` : ', search provider unknown'}.`,
		});
	} else {
		sentences.push({sources: [], provenance: 'derived', text: 'Its platform and search provider are not on record.'});
	}
	const visits = bundle.traffic?.monthlyVisits ?? null;
	if (visits !== null || money.revenue) {
		const trafficRef = visits !== null ? bib.cite(bundle.traffic!.sourceUrl, bundle.traffic!, `Traffic of ${company.domain}`) : null;
		sentences.push({
			...derived(...[trafficRef, money.revenue].filter((ref): ref is Ref => ref !== null)),
			text: `${visits !== null ? `It draws ${formatCount(visits)} visits a month` : 'Its traffic is unknown'}${money.revenue ? `${visits !== null ? ' and' : ', and it'} reports ${money.revenue.display} revenue${money.revenue_trend ? ` (${money.revenue_trend.value})` : ''}` : ''}.`,
		});
	} else {
		sentences.push({sources: [], provenance: 'derived', text: 'Its traffic and revenue are not on record.'});
	}
	const seenSources = new Set<string>();
	const why = score.signals.signals
		.filter((signal) => signal.excluded === null && signal.category !== 'negative')
		.filter((signal) => {
			// Two signals read from one posting are one reason.
			const key = signal.sourceUrl ?? signal.evidence;
			if (seenSources.has(key)) return false;
			seenSources.add(key);
			return true;
		})
		.slice(0, 2);
	if (why.length) {
		const refs = why.map((signal) => timingItems.find((item) => item.evidence === signal.evidence && item.type === signal.type)!);
		sentences.push({...derived(...refs), text: `Why now: ${why.map((signal) => signal.evidence.replace(/\.$/, '')).join('; ')}.`});
	} else {
		const unsourced = timingItems.filter((item) => item.provenance === 'legacy, unsourced' || item.provenance === 'unsourced').length;
		sentences.push({sources: [], provenance: 'derived', text: unsourced ? `No sourced timing signal yet (${unsourced} unsourced item${unsourced === 1 ? '' : 's'} on record, not counted).` : 'No timing signal on record yet.'});
	}
	sentences.push({
		sources: [],
		provenance: 'derived',
		text: `pf rates it ${score.priority.status} (priority ${score.priority.score}, lead score ${score.lead.total}${score.priority.modelVersion === 'legacy-icp' ? ', legacy bands until enriched' : `, signals ${score.signals.adjusted}`}).`,
	});

	return {
		schema_version: BRIEF_SCHEMA_VERSION,
		domain: company.domain,
		company_name: company.companyName,
		version: options.version,
		generated_at: options.generatedAt.toISOString(),
		model_version: score.priority.modelVersion,
		sixty_second_story: {...withData, text: sentences.map((sentence) => sentence.text).join(' '), sentences},
		timing_signals: timing,
		in_their_own_words: ownWords,
		people,
		money,
		gaps: gapsSection,
		competitive_landscape: competitive,
		hiring_intelligence: hiring,
		icp_mapping: icp,
		the_angle: angle,
		sources: bib.entries,
	};
}

/** Dates as ISO (used by renderers). */
export const briefDate = isoDate;
