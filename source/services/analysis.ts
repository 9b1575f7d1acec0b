/**
 * The analysis steps the enrichment pipeline runs last, per domain (MODULE_NAMES in
 * source/enrichment/types.ts): each reads the company's stored intel and writes one
 * derived table, computed by the pure functions of domain/scoring and domain/brief.
 */
import type {Sql} from '../db/client.js';
import {loadCaseStudies, loadIntel} from '../db/intel.js';
import {writeBuyingCommittee, writeCaseStudyMatches, writeCompetitorLandscape, writeDisplacement, writeHiringSummary} from '../db/scoring.js';
import {matchCaseStudies} from '../domain/scoring/case-studies.js';
import {buyingCommittee, type CommitteeMember} from '../domain/scoring/committee.js';
import {leadScoreOf, scoreCompany, type CompanyScore} from '../domain/scoring/detect.js';
import {summariseHiring} from '../domain/scoring/hiring.js';
import type {CaseStudy, IntelBundle} from '../domain/scoring/intel.js';
import {competitorLandscape, displacementDifficulty} from '../domain/scoring/landscape.js';
import {findPartnerTechnology} from '../domain/technology-catalogue.js';
import {NotFoundError} from '../errors.js';
import {regenerateBrief} from './brief.js';
import {storeScore} from './scoring.js';

export type AnalysisStep = 'competitor_landscape' | 'hiring_summary' | 'buying_committee' | 'displacement' | 'case_studies' | 'icp' | 'signals' | 'brief';

/** Where a step gets the company's intel (a fresh read, or the pipeline's shared one). */
type IntelSource = (sql: Sql, domain: string, withCaseStudies: boolean) => Promise<IntelBundle>;

async function freshIntel(sql: Sql, domain: string, withCaseStudies = false): Promise<IntelBundle> {
	const bundle = await loadIntel(sql, domain, {withCaseStudies});
	if (!bundle) throw new NotFoundError(`no company ${domain} in the database`);
	return bundle;
}

const person = (member: CommitteeMember | null) =>
	member ? {name: member.name, title: member.title, linkedin_url: member.linkedinUrl, new_to_role: member.isNewToRole, data_source: member.dataSource} : null;

type Steps = Record<AnalysisStep, (sql: Sql, domain: string) => Promise<void>>;

/**
 * How the steps score a bundle: `of` computes its score (displacement needs the products),
 * `store` stores it (icp, signals). The shared read gives every step the same bundle, so
 * there the score is computed once and stored once.
 */
type Scoring = {of: (bundle: IntelBundle) => CompanyScore; store: (sql: Sql, bundle: IntelBundle) => Promise<unknown>};
const scoringEachTime: Scoring = {of: (bundle) => scoreCompany(bundle, new Date()), store: (sql, bundle) => storeScore(sql, bundle)};

function stepsReading(intel: IntelSource, scoring: Scoring = scoringEachTime): Steps {
	return {
		async competitor_landscape(sql, domain) {
			const landscape = competitorLandscape((await intel(sql, domain, false)).competitors);
			await writeCompetitorLandscape(sql, domain, {
				total_competitors_analyzed: landscape.totalCompetitorsAnalyzed,
				algolia_users: landscape.algoliaUsers,
				constructor_users: landscape.constructorUsers,
				elasticsearch_users: landscape.elasticsearchUsers,
				native_search_users: landscape.nativeSearchUsers,
				other_search_users: landscape.otherSearchUsers,
				first_mover_opportunity: landscape.firstMoverOpportunity,
				competitive_positioning: landscape.competitivePositioning,
			});
		},
		async hiring_summary(sql, domain) {
			const bundle = await intel(sql, domain, false);
			const partner = bundle.technologies.filter((tech) => tech.isPartnerTech || findPartnerTechnology(tech.technologyName)).map((tech) => tech.technologyName);
			const summary = summariseHiring(bundle.hiring, partner);
			await writeHiringSummary(sql, domain, {
				total_open_roles: summary.totalOpenRoles,
				tier_1_count: summary.tier1,
				tier_2_count: summary.tier2,
				tier_3_count: summary.tier3,
				ecommerce_roles: summary.byCategory.ecommerce,
				engineering_roles: summary.byCategory.engineering,
				data_analytics_roles: summary.byCategory.data,
				ai_ml_roles: summary.byCategory.ai_ml,
				product_roles: summary.byCategory.product,
				merchandising_roles: summary.byCategory.merchandising,
				ai_investment_signal: summary.aiInvestmentSignal,
				leadership_vacancies: summary.leadershipVacancies,
				platform_confirmed: summary.platformConfirmed,
			});
		},
		async buying_committee(sql, domain) {
			const committee = buyingCommittee((await intel(sql, domain, false)).executives);
			await writeBuyingCommittee(sql, domain, {
				executive_sponsor: person(committee.executiveSponsor),
				economic_buyer: person(committee.economicBuyer),
				technical_buyer: person(committee.technicalBuyer),
				champion: person(committee.champion),
				user_buyers: committee.userBuyers.map(person),
				technical_evaluators: committee.technicalEvaluators.map(person),
				engagement_sequence: committee.entryPoint ? [{step: 1, contact: committee.entryPoint.member.name, reason: committee.entryPoint.reason}] : [],
				total_decision_makers: committee.totalDecisionMakers,
			});
		},
		async displacement(sql, domain) {
			const bundle = await intel(sql, domain, false);
			if (!bundle.searchProvider) return; // nothing known: do not overwrite with a guess
			const result = displacementDifficulty(bundle.searchProvider.currentProvider, bundle.searchProvider.providerType);
			const score = scoring.of(bundle);
			await writeDisplacement(sql, domain, {
				current_search_provider: result.currentProvider,
				provider_type: result.providerType,
				displacement_difficulty: result.difficulty,
				displacement_reasoning: result.reasoning,
				recommended_products: score.products,
			});
		},
		async case_studies(sql, domain) {
			const bundle = await intel(sql, domain, true);
			const lead = leadScoreOf(bundle);
			const matches = matchCaseStudies(
				{
					vertical: bundle.company.vertical,
					subVertical: bundle.company.subVertical,
					industry: bundle.company.industry,
					tier: lead.tier,
					monthlyVisits: bundle.traffic?.monthlyVisits ?? null,
					technologies: bundle.technologies.map((tech) => tech.technologyName),
				},
				bundle.caseStudies,
			);
			await writeCaseStudyMatches(
				sql,
				domain,
				matches.map((match) => ({
					case_study_customer: match.caseStudy.customerName,
					case_study_vertical: match.caseStudy.vertical,
					relevance_score: match.score,
					results_headline: match.caseStudy.keyResults?.split('\n')[0]?.trim() || null,
					results_details: {components: match.components, features_used: match.caseStudy.featuresUsed, competitor_takeout: match.caseStudy.competitorTakeout},
					relevance_reasoning: match.reasoning,
					case_study_url: match.url,
					use_in_pitch: null,
				})),
			);
		},
		async icp(sql, domain) {
			await scoring.store(sql, await intel(sql, domain, false));
		},
		async signals(sql, domain) {
			await scoring.store(sql, await intel(sql, domain, false));
		},
		async brief(sql, domain) {
			await regenerateBrief(sql, domain);
		},
		};
}

/** The steps on their own: each reads the company's intel when it runs. */
export const analysisSteps: Steps = stepsReading(freshIntel);

/**
 * The steps of one enrichment run sharing one read of the intel (the pipeline makes one
 * session per job): the first step to ask waits for `ready` — every fetch module of the
 * run has written — then reads the intel once (15 queries); the others reuse it. None of
 * these steps reads what another one writes (the landscape, hiring summary, committee,
 * displacement, matches and scores are not inputs of the scoring), so one read gives
 * every step the same result as a read of its own; icp and signals, given the same bundle,
 * store its score once. The brief reads afresh (it shows the displacement analysis
 * written before it).
 */
export function analysisSession(ready: () => Promise<void> = async () => {}): Steps {
	let bundle: Promise<IntelBundle> | undefined;
	let caseStudies: Promise<CaseStudy[]> | undefined;
	const computed = new WeakMap<IntelBundle, CompanyScore>();
	const stored = new WeakMap<IntelBundle, Promise<unknown>>();
	const of = (loaded: IntelBundle) => {
		let score = computed.get(loaded);
		if (!score) computed.set(loaded, (score = scoreCompany(loaded, new Date())));
		return score;
	};
	const scoreOnce: Scoring = {
		of,
		store(sql, loaded) {
			let storing = stored.get(loaded);
			if (!storing) {
				stored.set(loaded, (storing = storeScore(sql, loaded, new Date(), of(loaded))));
				storing.catch(() => stored.delete(loaded));
			}
			return storing;
		},
	};
	return stepsReading(async (sql, domain, withCaseStudies) => {
		const read = (bundle ??= ready().then(() => freshIntel(sql, domain, false)));
		read.catch(() => {
			if (bundle === read) bundle = undefined;
		});
		if (!withCaseStudies) return read;
		const studies = (caseStudies ??= loadCaseStudies(sql));
		studies.catch(() => {
			if (caseStudies === studies) caseStudies = undefined;
		});
		const [loaded, library] = await Promise.all([read, studies]);
		return {...loaded, caseStudies: library};
	}, scoreOnce);
}
