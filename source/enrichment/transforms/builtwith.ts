/**
 * BuiltWith Domain API → intel_technology_stack rows, the intel_search_provider summary
 * and company context (Meta). Pure. Technologies are aggregated across every Path (the
 * same technology repeats per sub-domain); FirstDetected/LastDetected are epoch ms;
 * Categories may be a list, null or absent.
 */
import {findPartnerTechnology, findSearchProvider, type PartnerTier, type SearchProviderKind} from '../../domain/technology-catalogue.js';
import {dateFromEpochMs, integerValue, numberValue, textValue} from './values.js';

export type TechnologyRow = {
	technologyName: string;
	category: string | null;
	tag: string | null;
	isPartnerTech: boolean;
	partnerTier: PartnerTier | null;
	isCompetitorSearch: boolean;
	competitorName: string | null;
	firstDetected: string | null;
	lastDetected: string | null;
	/** 1.00 when seen in BuiltWith's latest index of the site, 0.50 when only seen before. */
	confidence: number;
	source: 'builtwith';
	sourceUrl: string;
	rawData: {categories: string[]; paths: string[]; isPremium: boolean | null; description: string | null; link: string | null; current: boolean; searchProviderKind: SearchProviderKind | null};
};

export type SearchProviderSummary = {
	currentProvider: string | null;
	providerType: 'third_party' | 'open_source' | 'unknown';
	isAlgolia: boolean;
	/** Every search technology seen, current first. */
	detected: {name: string; provider: string; kind: SearchProviderKind; current: boolean; lastDetected: string | null}[];
	techSpendEstimate: number | null;
	techSpendSource: string | null;
	sourceUrl: string;
};

export type BuiltWithCompanyContext = {
	companyName: string | null;
	vertical: string | null;
	city: string | null;
	state: string | null;
	country: string | null;
	employees: number | null;
	socials: string[];
	/** BuiltWith's estimated monthly technology spend, USD. */
	spend: number | null;
	salesRevenue: number | null;
};

export type BuiltWithDomainIntel = {
	lookup: string | null;
	lastIndexed: string | null;
	technologies: TechnologyRow[];
	searchProvider: SearchProviderSummary;
	context: BuiltWithCompanyContext;
	/** BuiltWith said it has nothing for this lookup (Errors[] or no Results). */
	empty: boolean;
	errors: string[];
};

type RawTechnology = {Name?: unknown; Tag?: unknown; Categories?: unknown; IsPremium?: unknown; Description?: unknown; Link?: unknown; FirstDetected?: unknown; LastDetected?: unknown};
type RawPath = {Domain?: unknown; SubDomain?: unknown; Url?: unknown; Technologies?: RawTechnology[] | null};

// A technology whose LastDetected is within this of the site's LastIndexed is "current".
const currentWindowMs = 60 * 86_400_000;

function pathLabel(path: RawPath): string {
	const sub = textValue(path.SubDomain);
	const domain = textValue(path.Domain) ?? '';
	const url = textValue(path.Url);
	const host = sub && !domain.startsWith(sub) ? `${sub}.${domain}` : domain;
	return url && url !== 'dd' ? `${host}/${url.replace(/^\//, '')}` : host;
}

/** Transforms one Domain API body. `sourceUrl` is the redacted request URL. */
export function transformBuiltWithDomain(body: unknown, sourceUrl: string): BuiltWithDomainIntel {
	const root = (body ?? {}) as {Results?: any[] | null; Errors?: any[] | null};
	const errors = (Array.isArray(root.Errors) ? root.Errors : []).map((error) => textValue(error?.Message) ?? JSON.stringify(error));
	const result = Array.isArray(root.Results) ? root.Results[0] : undefined;
	const paths: RawPath[] = Array.isArray(result?.Result?.Paths) ? result.Result.Paths : [];
	const lastIndexedMs = numberValue(result?.LastIndexed) ?? Math.max(0, ...paths.map((path) => numberValue((path as any).LastIndexed) ?? 0));

	const byName = new Map<string, {tech: RawTechnology; first: number | null; last: number | null; categories: Set<string>; paths: Set<string>}>();
	for (const path of paths) {
		for (const tech of Array.isArray(path.Technologies) ? path.Technologies : []) {
			const name = textValue(tech?.Name);
			if (!name) continue;
			const key = name.toLowerCase();
			const first = numberValue(tech.FirstDetected);
			const last = numberValue(tech.LastDetected);
			const entry = byName.get(key) ?? {tech, first: null, last: null, categories: new Set<string>(), paths: new Set<string>()};
			if (first !== null && first > 0) entry.first = entry.first === null ? first : Math.min(entry.first, first);
			if (last !== null && last > 0) entry.last = entry.last === null ? last : Math.max(entry.last, last);
			for (const category of Array.isArray(tech.Categories) ? tech.Categories : []) if (textValue(category)) entry.categories.add(String(category).trim());
			if (!textValue(entry.tech.Description) && textValue(tech.Description)) entry.tech = {...entry.tech, Description: tech.Description, Link: tech.Link};
			entry.paths.add(pathLabel(path));
			byName.set(key, entry);
		}
	}

	const technologies: TechnologyRow[] = [];
	const detected: SearchProviderSummary['detected'] = [];
	for (const {tech, first, last, categories, paths: seenOn} of byName.values()) {
		const name = textValue(tech.Name)!;
		const partner = findPartnerTechnology(name);
		const provider = findSearchProvider(name);
		const current = last !== null && lastIndexedMs > 0 ? lastIndexedMs - last <= currentWindowMs : last !== null;
		const categoryList = [...categories];
		technologies.push({
			technologyName: name.slice(0, 200),
			category: (categoryList[0] ?? textValue(tech.Tag))?.slice(0, 100) ?? null,
			tag: textValue(tech.Tag)?.slice(0, 50) ?? null,
			isPartnerTech: partner !== undefined,
			partnerTier: partner?.tier ?? null,
			isCompetitorSearch: provider !== undefined && provider.kind !== 'algolia',
			competitorName: provider && provider.kind !== 'algolia' ? provider.name : null,
			firstDetected: dateFromEpochMs(first),
			lastDetected: dateFromEpochMs(last),
			confidence: current ? 1 : 0.5,
			source: 'builtwith',
			sourceUrl,
			rawData: {
				categories: categoryList,
				paths: [...seenOn].slice(0, 20),
				isPremium: tech.IsPremium === 'yes' ? true : tech.IsPremium === 'no' ? false : null,
				description: textValue(tech.Description),
				link: textValue(tech.Link),
				current,
				searchProviderKind: provider?.kind ?? null,
			},
		});
		if (provider) detected.push({name, provider: provider.name, kind: provider.kind, current, lastDetected: dateFromEpochMs(last)});
	}
	technologies.sort((a, b) => a.technologyName.localeCompare(b.technologyName));

	// Current before past; Algolia first (it decides "already a customer"), then vendors, then open source.
	const rank = (kind: SearchProviderKind) => (kind === 'algolia' ? 0 : kind === 'competitor' ? 1 : 2);
	detected.sort((a, b) => Number(b.current) - Number(a.current) || rank(a.kind) - rank(b.kind) || (b.lastDetected ?? '').localeCompare(a.lastDetected ?? ''));
	const currentProvider = detected.find((entry) => entry.current) ?? undefined;
	const spend = integerValue(result?.Result?.Spend);
	const meta = (result?.Meta ?? {}) as Record<string, unknown>;
	const attributes = (result?.Attributes ?? {}) as Record<string, unknown>;

	return {
		lookup: textValue(result?.Lookup),
		lastIndexed: dateFromEpochMs(lastIndexedMs),
		technologies,
		searchProvider: {
			currentProvider: currentProvider?.provider ?? null,
			providerType: currentProvider ? (currentProvider.kind === 'open_source' ? 'open_source' : 'third_party') : 'unknown',
			isAlgolia: currentProvider?.kind === 'algolia',
			detected,
			techSpendEstimate: spend !== null && spend > 0 ? spend : null,
			techSpendSource: spend !== null && spend > 0 ? 'BuiltWith Result.Spend (USD per month)' : null,
			sourceUrl,
		},
		context: {
			companyName: textValue(meta.CompanyName),
			vertical: textValue(meta.Vertical),
			city: textValue(meta.City),
			state: textValue(meta.State),
			country: textValue(meta.Country),
			employees: integerValue(attributes.Employees) || null,
			socials: Array.isArray(meta.Social) ? (meta.Social as unknown[]).map(textValue).filter((s): s is string => s !== null) : [],
			spend: spend !== null && spend > 0 ? spend : null,
			salesRevenue: integerValue(result?.SalesRevenue) || null,
		},
		empty: result === undefined || paths.length === 0,
		errors,
	};
}
