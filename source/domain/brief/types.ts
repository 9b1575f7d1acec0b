/**
 * The Strategic Signal Brief as a document: what `pf brief --json` prints and
 * docs/brief.schema.json describes. Every fact carries `sources` (numbers into the
 * bibliography, which holds only real URLs) and a `provenance`:
 *
 * - 'cited': backed by the numbered sources;
 * - 'derived': computed by pf from cited facts (its sources are theirs);
 * - 'legacy, unsourced': carried over from the legacy database without a source;
 * - 'unsourced': stored without a source by something other than the legacy import.
 */

export const BRIEF_SCHEMA_VERSION = 1;

export type FactProvenance = 'cited' | 'derived' | 'legacy, unsourced' | 'unsourced';

export type Ref = {sources: number[]; provenance: FactProvenance};

export type SourceEntry = {n: number; url: string; title: string; data_source: string | null; retrieved_at: string | null};

export type SectionStatus = {available: boolean; note: string | null};

export type Amount = Ref & {value: number | string; display: string};

export type Brief = {
	schema_version: typeof BRIEF_SCHEMA_VERSION;
	domain: string;
	company_name: string | null;
	version: number;
	generated_at: string;
	model_version: string;
	sixty_second_story: SectionStatus & {text: string; sentences: (Ref & {text: string})[]};
	timing_signals: SectionStatus & {
		items: (Ref & {
			type: string | null;
			label: string;
			category: 'budget' | 'pain' | 'timing' | 'negative' | null;
			evidence: string;
			points: number;
			base_points: number | null;
			scored: boolean;
			excluded: string | null;
			detected_at: string | null;
			age_days: number | null;
		})[];
	};
	in_their_own_words: SectionStatus & {
		quotes: (Ref & {speaker: string; title: string | null; quote: string; context: string | null; date: string | null; url: string | null})[];
	};
	people: SectionStatus & {
		members: (Ref & {name: string; title: string | null; role: string; new_to_role: boolean})[];
		entry_point: (Ref & {name: string; title: string | null; role: string; reason: string}) | null;
	};
	money: SectionStatus & {
		ticker: string | null;
		revenue: Amount | null;
		revenue_trend: (Ref & {value: string}) | null;
		revenue_history: (Ref & {fiscal_year: string; revenue: number | string | null})[];
		margin_zone: (Ref & {value: 'RED' | 'YELLOW' | 'GREEN'; ebitda_margin: number | null}) | null;
		ecommerce_revenue: Amount | null;
		addressable_search_revenue: Amount | null;
		roi_scenarios: (Ref & {lift: number; label: string; additional_revenue: number; display: string})[];
	};
	gaps: SectionStatus & {items: (Ref & {gap: string; evidence: string})[]};
	competitive_landscape: SectionStatus & {
		total_analyzed: number;
		algolia_users: number;
		constructor_users: number;
		elasticsearch_users: number;
		native_search_users: number;
		other_search_users: number;
		unknown_provider: number;
		first_mover_opportunity: boolean;
		positioning: string;
		competitors: (Ref & {domain: string; search_provider: string | null; uses_algolia: boolean})[];
		current_search: (Ref & {provider: string | null; provider_type: string; difficulty: 'LOW' | 'MEDIUM' | 'HIGH' | null; reasoning: string}) | null;
	};
	hiring_intelligence: SectionStatus & {
		total_open_roles: number;
		tier_1: number;
		tier_2: number;
		tier_3: number;
		by_category: Record<string, number>;
		ai_investment_signal: boolean;
		roles: (Ref & {title: string; tier: 1 | 2 | 3; category: string; posted_date: string | null; location: string | null})[];
	};
	icp_mapping: SectionStatus & {
		tier: number;
		tier_name: string;
		tier_description: string;
		lead_score: number;
		lead_score_breakdown: {vertical: number; traffic: number; tech_spend: number; partner_tech: number};
		lead_score_reasons: string[];
		signal_score: number;
		signal_totals: {budget: number; pain: number; timing: number; negative: number};
		priority_score: number;
		priority_status: 'HOT' | 'WARM' | 'COOL' | 'COLD';
		priority_reasoning: string;
		model_version: string;
		is_customer: boolean;
		products: {product: string; reason: string}[];
	};
	the_angle: SectionStatus &
		Ref & {
			text: string;
			/** The angle sentence by sentence, each with its own sources. */
			parts: (Ref & {text: string})[];
			case_studies: (Ref & {customer: string; relevance: number; reasoning: string; results: string | null; url: string | null})[];
			legacy_notes: (Ref & {text: string})[];
		};
	sources: SourceEntry[];
};

export const SECTION_KEYS = [
	'sixty_second_story',
	'timing_signals',
	'in_their_own_words',
	'people',
	'money',
	'gaps',
	'competitive_landscape',
	'hiring_intelligence',
	'icp_mapping',
	'the_angle',
	'sources',
] as const;

export const SECTION_TITLES: Record<(typeof SECTION_KEYS)[number], string> = {
	sixty_second_story: 'The 60-second story',
	timing_signals: 'Timing signals',
	in_their_own_words: 'In their own words',
	people: 'People',
	money: 'Money',
	gaps: 'Gaps',
	competitive_landscape: 'Competitive landscape',
	hiring_intelligence: 'Hiring intelligence',
	icp_mapping: 'ICP mapping',
	the_angle: 'The angle',
	sources: 'Sources',
};
