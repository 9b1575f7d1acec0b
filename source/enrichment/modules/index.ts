/**
 * The fetch modules, by name: each fetches from its sources, transforms and persists
 * its rows in one transaction, and reports an outcome (completed / skipped with a note
 * / failed with a reason and whether a retry could help). The analysis modules
 * (buying_committee … brief) live elsewhere.
 */
import type {EnrichmentModule, ModuleName} from '../types.js';
import {companyContextModule} from './company-context.js';
import {technologyModule} from './technology.js';
import {trafficModule} from './traffic.js';
import {financialsModule} from './financials.js';
import {competitorsModule} from './competitors.js';
import {hiringModule} from './hiring.js';
import {strategicModule} from './strategic.js';
import {investorModule} from './investor.js';
import {executivesModule} from './executives.js';

export const FETCH_MODULE_NAMES = ['company_context', 'technology', 'traffic', 'financials', 'competitors', 'hiring', 'strategic', 'investor', 'executives'] as const satisfies readonly ModuleName[];
export type FetchModuleName = (typeof FETCH_MODULE_NAMES)[number];

export const fetchModules: Record<FetchModuleName, EnrichmentModule> = {
	company_context: companyContextModule,
	technology: technologyModule,
	traffic: trafficModule,
	financials: financialsModule,
	competitors: competitorsModule,
	hiring: hiringModule,
	strategic: strategicModule,
	investor: investorModule,
	executives: executivesModule,
};

export {outcomeFromError, resolvePublicCompany} from './shared.js';
