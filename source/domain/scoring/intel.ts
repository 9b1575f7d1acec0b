/**
 * Everything pf knows about one company, as plain data: the shape `source/db/intel.ts`
 * reads from the intel tables and the pure scoring, analysis and brief functions take.
 * Every row keeps its provenance (data_source, retrieved_at) so a brief can say where a
 * fact came from and how old it is.
 */

export type Provenance = {
	/** 'legacy_import', 'builtwith', 'similarweb', 'sec_edgar', 'yahoo_finance', 'jsearch', 'websearch', 'analysis', 'analyst'. */
	dataSource: string | null;
	/** When that source was read (ISO timestamp). */
	retrievedAt: string | null;
};

export type CompanyIntel = {
	domain: string;
	companyName: string | null;
	ticker: string | null;
	exchange: string | null;
	isPublic: boolean;
	city: string | null;
	state: string | null;
	country: string | null;
	industry: string | null;
	vertical: string | null;
	subVertical: string | null;
	businessModel: string | null;
	employeeCount: number | null;
	storeCount: number | null;
	description: string | null;
	websiteUrl: string | null;
	investorRelationsUrl: string | null;
	updatedAt: string | null;
};

export type CustomerIntel = {isCustomer: boolean; source: string; note: string | null};

export type TechnologyIntel = Provenance & {
	technologyName: string;
	category: string | null;
	isPartnerTech: boolean;
	partnerTier: string | null;
	isCompetitorSearch: boolean;
	competitorName: string | null;
	firstDetected: string | null;
	lastDetected: string | null;
	sourceUrl: string | null;
	/** Change markers the writers may leave in raw_data ({change: 'removed'|'added'}). */
	change: 'added' | 'removed' | null;
};

export type SearchProviderIntel = Provenance & {
	currentProvider: string | null;
	providerType: string | null;
	isAlgolia: boolean;
	displacementPriority: string | null;
	techSpendEstimate: number | null;
	techSpendSource: string | null;
	sourceUrl: string | null;
};

export type TrafficIntel = Provenance & {
	monthlyVisits: number | null;
	avgVisitDurationSeconds: number | null;
	pagesPerVisit: number | null;
	bounceRate: number | null;
	mobileShare: number | null;
	momChange: number | null;
	yoyChange: number | null;
	trendDirection: string | null;
	rankGlobal: number | null;
	dataMonth: string | null;
	sourceUrl: string | null;
};

export type FinancialIntel = Provenance & {
	ticker: string | null;
	fiscalYearEnd: string | null;
	/** Revenue keeps every digit: a string when above 2^53. */
	latestRevenue: number | string | null;
	revenueTrend: string | null;
	revenue3yr: unknown;
	netIncome3yr: unknown;
	ebitdaMargin: number | null;
	operatingMargin: number | null;
	marginZone: string | null;
	ecommerceRevenue: number | string | null;
	ecommerceShare: number | null;
	ecommerceGrowthYoy: number | null;
	addressableSearchRevenue: number | string | null;
	stockCurrentPrice: number | null;
	stockMarketCap: number | string | null;
	analystConsensus: string | null;
	roiScenarios: unknown;
	sourceUrls: unknown;
};

export type CompetitorIntel = Provenance & {
	competitorDomain: string;
	similarityScore: number | null;
	competitorMonthlyVisits: number | null;
	competitorSearchProvider: string | null;
	competitorUsesAlgolia: boolean;
	sourceUrl: string | null;
};

export type HiringIntel = Provenance & {
	roleTitle: string;
	status: string | null;
	location: string | null;
	signalTier: number | null;
	category: string | null;
	sourceUrl: string | null;
	postedDate: string | null;
	discoveredAt: string | null;
};

export type StrategicIntel = Provenance & {
	strategicInitiatives: unknown;
	triggerEvents: unknown;
	cautionSignals: unknown;
	overallTiming: string | null;
	decisionWindow: string | null;
	urgencyLevel: string | null;
	sourceUrls: unknown;
};

export type InvestorIntel = Provenance & {
	ticker: string | null;
	secFilings: unknown;
	earningsCalls: unknown;
	digitalCommitments: unknown;
	keyQuotes: unknown;
	sourceBibliography: unknown;
};

export type QuoteIntel = Provenance & {
	speakerName: string;
	speakerTitle: string | null;
	quote: string;
	quoteContext: string | null;
	mapsToProduct: string | null;
	sourceUrl: string | null;
	sourceDate: string | null;
};

export type ExecutiveIntel = Provenance & {
	name: string;
	title: string | null;
	linkedinUrl: string | null;
	tenureStart: string | null;
	background: string | null;
	buyerRole: string | null;
	priority: string | null;
	isNewToRole: boolean;
	entryApproach: string | null;
};

/** A case study of the evidence library (evidence_case_studies). */
export type CaseStudy = {
	id: string;
	customerName: string;
	customerDomain: string | null;
	vertical: string | null;
	subVertical: string | null;
	useCase: string | null;
	customerType: string | null;
	storyUrl: string | null;
	featuresUsed: string[];
	partnerIntegrations: string[];
	competitorTakeout: string | null;
	keyResults: string | null;
	/** Monthly visits of the case-study customer when pf knows them (for the scale match). */
	customerMonthlyVisits: number | null;
	dataSource: string | null;
	retrievedAt: string | null;
};

/** A stored displacement analysis (e.g. the legacy "displacement angle"). */
export type DisplacementRecord = Provenance & {
	currentSearchProvider: string | null;
	displacementDifficulty: string | null;
	displacementReasoning: string | null;
};

/** The stored ICP / priority row (what `pf score` wrote last). */
export type StoredScore = {
	icpTier: number | null;
	icpTierName: string | null;
	leadScoreTotal: number | null;
	leadScoreBreakdown: unknown;
	signalScoreTotal: number | null;
	priorityScore: number | null;
	priorityStatus: string | null;
	priorityReasoning: string | null;
	algoliaProductMapping: unknown;
	modelVersion: string | null;
	updatedAt: string | null;
	dataSource: string | null;
};

export type IntelBundle = {
	domain: string;
	company: CompanyIntel;
	customer: CustomerIntel | null;
	technologies: TechnologyIntel[];
	searchProvider: SearchProviderIntel | null;
	traffic: TrafficIntel | null;
	financial: FinancialIntel | null;
	competitors: CompetitorIntel[];
	hiring: HiringIntel[];
	strategic: StrategicIntel | null;
	investor: InvestorIntel | null;
	quotes: QuoteIntel[];
	executives: ExecutiveIntel[];
	/** Case studies to match against (the evidence library); empty when not loaded. */
	caseStudies: CaseStudy[];
	storedScore: StoredScore | null;
	displacement: DisplacementRecord | null;
};

/** An empty bundle for a company known only by its row in core_companies. */
export function emptyIntel(company: CompanyIntel): IntelBundle {
	return {
		domain: company.domain,
		company,
		customer: null,
		technologies: [],
		searchProvider: null,
		traffic: null,
		financial: null,
		competitors: [],
		hiring: [],
		strategic: null,
		investor: null,
		quotes: [],
		executives: [],
		caseStudies: [],
		storedScore: null,
		displacement: null,
	};
}

/** A company row with every optional field empty (tests and synthetic data). */
export function bareCompany(domain: string, fields: Partial<CompanyIntel> = {}): CompanyIntel {
	return {
		domain,
		companyName: null,
		ticker: null,
		exchange: null,
		isPublic: false,
		city: null,
		state: null,
		country: null,
		industry: null,
		vertical: null,
		subVertical: null,
		businessModel: null,
		employeeCount: null,
		storeCount: null,
		description: null,
		websiteUrl: null,
		investorRelationsUrl: null,
		updatedAt: null,
		...fields,
	};
}
