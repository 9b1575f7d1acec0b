/**
 * The company screen as lines (pure): one block per intel section with its source and
 * age, charts drawn with characters (sparkline of monthly visits, revenue bars), partner
 * and competitor-search technologies highlighted, the margin zone in colour. A section
 * without data says "not enriched — e to enrich".
 */
import type {CompanyIntel, IntelSection, Provenance} from '../../services/company.js';
import type {JobProgress} from '../../services/leads.js';
import type {Theme} from '../theme/theme.js';
import {age, bar, compactNumber, isoDay, money, progressText, sparkline, toNumber, wrap} from '../format.js';
import type {Line, Segment} from '../components/lines.js';

type Row = Record<string, unknown>;

const present = (value: unknown) => value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

/** Short text for a JSON value: strings as is, objects by their telling field. */
export function describeJson(value: unknown): string[] {
	if (!present(value)) return [];
	if (typeof value === 'string') return [value];
	if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
	if (Array.isArray(value)) return value.flatMap((item) => describeJson(item).slice(0, 1));
	if (typeof value === 'object') {
		const record = value as Record<string, unknown>;
		for (const key of ['title', 'name', 'headline', 'event', 'initiative', 'description', 'text', 'quote', 'summary', 'signal', 'role']) {
			if (typeof record[key] === 'string' && record[key]) {
				const extra = ['title', 'role', 'date', 'source'].filter((k) => k !== key && typeof record[k] === 'string' && record[k]).map((k) => String(record[k]));
				return [`${record[key]}${extra.length ? ` (${extra.join(', ')})` : ''}`];
			}
		}
		return [
			Object.entries(record)
				.filter(([, v]) => present(v) && typeof v !== 'object')
				.map(([k, v]) => `${k}: ${String(v)}`)
				.join(' · '),
		].filter(Boolean);
	}
	return [];
}

export type CompanyLinesOptions = {width: number; theme: Theme; now: Date; job?: JobProgress | undefined; enrichKey: string; briefKey: string; customerKey: string};

export function companyLines(intel: CompanyIntel, options: CompanyLinesOptions): Line[] {
	const {width, theme, now} = options;
	const lines: Line[] = [];
	const inner = Math.max(20, width - 4);
	const push = (...segments: Segment[]) => lines.push(segments);
	const text = (value: string, indent = 2, style: Omit<Segment, 'text'> = {}) => {
		for (const line of wrap(value, inner - indent + 2)) push({text: ' '.repeat(indent) + line, ...style});
	};
	const field = (label: string, value: unknown, style: Omit<Segment, 'text'> = {}) => {
		if (!present(value)) return;
		push({text: `  ${label.padEnd(18)}`, color: theme.muted}, {text: typeof value === 'object' ? JSON.stringify(value) : String(value), ...style});
	};
	const bullets = (label: string, value: unknown, max = 5) => {
		const items = describeJson(value);
		if (items.length === 0) return;
		push({text: `  ${label}`, color: theme.muted});
		for (const item of items.slice(0, max)) for (const [i, line] of wrap(item, inner - 6).entries()) push({text: `${i === 0 ? '    • ' : '      '}${line}`});
		if (items.length > max) push({text: `    … ${items.length - max} more`, color: theme.muted});
	};
	const provenance = (p: Provenance, id: string): Segment[] => {
		const parts = [`source: ${p.dataSource ?? (id === 'company' ? 'company record' : 'unsourced')}`];
		const ago = (date: Date) => (age(date, now) === 'now' ? 'just now' : `${age(date, now)} ago`);
		if (p.retrievedAt) parts.push(`retrieved ${ago(p.retrievedAt)}`);
		if (p.updatedAt) parts.push(`updated ${ago(p.updatedAt)}`);
		return [{text: `  ${parts.join(' · ')}`, color: theme.muted, dim: theme.dimMuted}];
	};
	const heading = (s: IntelSection<unknown>) => {
		lines.push([]);
		lines.push([{text: `▌${s.title}`, bold: true, color: theme.accent}, ...(s.enriched ? provenance(s.provenance, s.id) : [])]);
		if (!s.enriched) {
			push({text: '  not enriched', color: theme.warn}, {text: ` — press ${options.enrichKey} to enrich`, color: theme.muted});
			return false;
		}
		for (const url of s.provenance.sourceUrls.slice(0, 3)) push({text: `  ↗ ${url}`, color: theme.muted, dim: theme.dimMuted});
		if (s.provenance.sourceUrls.length > 3) push({text: `  ↗ … ${s.provenance.sourceUrls.length - 3} more sources`, color: theme.muted});
		return true;
	};

	// Title block
	const company = intel.company.data;
	const title = String(company?.company_name ?? intel.domain);
	push({text: title, bold: true}, {text: `  ${intel.domain}`, color: theme.muted});
	const customer = intel.customer.isCustomer === null ? 'unknown' : `${intel.customer.isCustomer ? 'yes' : 'no'}${intel.customer.decidedBy === 'list' ? ' (customer list)' : intel.customer.decidedBy === 'detection' ? ' (detected)' : ''}`;
	push({text: `Algolia customer: ${customer}`, color: intel.customer.isCustomer ? theme.warn : theme.muted}, {text: `   ${options.customerKey} to change · ${options.briefKey} brief${intel.hasBrief ? '' : ' (none yet)'} · ${options.enrichKey} enrich`, color: theme.muted});
	if (options.job) {
		const job = options.job;
		push({text: `Enrichment ${job.status}: `, color: job.status === 'failed' ? theme.bad : theme.accent}, {text: progressText(job.completed, job.failed, job.requested, 12)});
		const moduleState = job.modulesRequested.map((m) => `${job.modulesCompleted.includes(m) ? '✓' : job.modulesFailed.includes(m) ? '✗' : '·'} ${m}`);
		if (moduleState.length) text(moduleState.join('  '), 2, {color: theme.muted});
		if (job.error) text(`error: ${job.error}`, 2, {color: theme.bad});
	}

	if (heading(intel.company) && company) {
		field('Ticker', [company.ticker, company.exchange].filter(Boolean).join(' · '));
		field('Headquarters', [company.headquarters_city, company.headquarters_state, company.headquarters_country].filter(Boolean).join(', '));
		field('Industry', [company.industry, company.vertical, company.sub_vertical].filter(Boolean).join(' / '));
		field('Business model', company.business_model);
		field('Employees', company.employee_count !== null && company.employee_count !== undefined ? compactNumber(Number(company.employee_count)) : null);
		field('Stores', company.store_count);
		field('Founded', company.founded_year);
		field('Website', company.website_url);
		if (present(company.description)) text(String(company.description), 2);
	}

	if (heading(intel.technology)) {
		for (const tech of intel.technology.data.technologies) {
			const partner = tech.is_partner_tech === true;
			const competitor = tech.is_competitor_search === true;
			const tag = partner ? ` ★ partner${tech.partner_tier ? ` (${tech.partner_tier})` : ''}` : competitor ? ` ⚑ competitor search${tech.competitor_name ? `: ${tech.competitor_name}` : ''}` : '';
			push(
				{text: `  ${String(tech.technology_name)}`, color: partner ? theme.partner : competitor ? theme.competitor : undefined, bold: partner || competitor},
				{text: tag, color: partner ? theme.partner : theme.competitor},
				{text: `  ${[tech.category, tech.last_detected ? `seen ${isoDay(tech.last_detected)}` : null].filter(Boolean).join(' · ')}`, color: theme.muted},
			);
		}
	}

	const sp = intel.searchProvider.data;
	if (heading(intel.searchProvider) && sp) {
		field('Provider', sp.current_provider, {bold: true, color: sp.is_algolia ? theme.good : theme.competitor});
		field('Type', sp.provider_type);
		field('Algolia', sp.is_algolia ? 'yes' : 'no');
		field('Displacement', sp.displacement_priority, {color: sp.displacement_priority === 'HIGH' ? theme.good : undefined});
		field('Tech spend', sp.tech_spend_estimate !== null && sp.tech_spend_estimate !== undefined ? `${money(sp.tech_spend_estimate)}${sp.tech_spend_source ? ` (${sp.tech_spend_source})` : ''}` : null);
	}

	const traffic = intel.traffic.data.traffic;
	if (heading(intel.traffic) && traffic) {
		const series = intel.traffic.data.monthlyVisits;
		const visits = toNumber(traffic.monthly_visits);
		push({text: `  ${'Monthly visits'.padEnd(18)}`, color: theme.muted}, {text: visits === null ? '' : compactNumber(visits), bold: true}, {text: series.length > 1 ? `  ${sparkline(series.map((p) => p.visits))}  ${series[0]!.month}–${series.at(-1)!.month}` : traffic.data_month ? `  (${String(traffic.data_month)})` : '', color: theme.accent});
		const pct = (v: unknown) => (toNumber(v) === null ? null : `${(toNumber(v)! * 100).toFixed(1)}%`);
		field('Change', [pct(traffic.mom_change) && `MoM ${pct(traffic.mom_change)}`, pct(traffic.yoy_change) && `YoY ${pct(traffic.yoy_change)}`, traffic.trend_direction].filter(Boolean).join(' · '));
		field('Engagement', [traffic.pages_per_visit && `${traffic.pages_per_visit} pages/visit`, pct(traffic.bounce_rate) && `bounce ${pct(traffic.bounce_rate)}`, pct(traffic.mobile_share) && `mobile ${pct(traffic.mobile_share)}`].filter(Boolean).join(' · '));
		field('Rank', [traffic.website_rank_global && `#${traffic.website_rank_global} global`, traffic.website_rank_country && `#${traffic.website_rank_country} country`].filter(Boolean).join(' · '));
	}

	const profile = intel.financials.data.profile;
	if (heading(intel.financials) && profile) {
		const revenue = profile.latest_revenue_text ?? profile.latest_revenue;
		field('Latest revenue', revenue !== null && revenue !== undefined ? `${money(revenue)}${profile.revenue_trend ? ` (${profile.revenue_trend})` : ''}` : null, {bold: true});
		const series = intel.financials.data.revenue3yr;
		const max = Math.max(0, ...series.map((p) => p.revenue));
		const barWidth = Math.max(10, Math.min(40, inner - 34));
		for (const point of series) push({text: `  ${point.year.padEnd(18)}`, color: theme.muted}, {text: bar(point.revenue, max, barWidth).padEnd(barWidth), color: theme.accent}, {text: ` ${money(point.revenue)}`});
		const zone = profile.margin_zone as string | null;
		const zoneColor = zone === 'RED' ? theme.bad : zone === 'YELLOW' ? theme.warn : zone === 'GREEN' ? theme.good : undefined;
		const pct = (v: unknown) => (toNumber(v) === null ? null : `${(toNumber(v)! * 100).toFixed(1)}%`);
		if (zone || profile.ebitda_margin !== null || profile.operating_margin !== null) {
			push({text: `  ${'Margin zone'.padEnd(18)}`, color: theme.muted}, {text: zone ? ` ${zone} ` : '—', color: zoneColor, bold: true, inverse: Boolean(zone) && theme.name === 'mono'}, {text: `  ${[pct(profile.ebitda_margin) && `EBITDA ${pct(profile.ebitda_margin)}`, pct(profile.operating_margin) && `operating ${pct(profile.operating_margin)}`].filter(Boolean).join(' · ')}`});
		}
		field('E-commerce', [profile.ecommerce_revenue && money(profile.ecommerce_revenue), pct(profile.ecommerce_share) && `${pct(profile.ecommerce_share)} of revenue`, pct(profile.ecommerce_growth_yoy) && `${pct(profile.ecommerce_growth_yoy)} YoY`].filter(Boolean).join(' · '));
		field('Search revenue', profile.addressable_search_revenue ? money(profile.addressable_search_revenue) : null);
		field('Stock', [profile.stock_current_price && `$${profile.stock_current_price}`, profile.stock_market_cap && `cap ${money(profile.stock_market_cap)}`, profile.analyst_consensus].filter(Boolean).join(' · '));
	}

	if (heading(intel.competitors)) {
		const landscape = intel.competitors.data.landscape;
		if (landscape) {
			field('Analysed', [landscape.total_competitors_analyzed && `${landscape.total_competitors_analyzed} competitors`, `${landscape.algolia_users ?? 0} on Algolia`, `${landscape.constructor_users ?? 0} Constructor`, `${landscape.elasticsearch_users ?? 0} Elasticsearch`].filter(Boolean).join(' · '));
			if (landscape.first_mover_opportunity) push({text: '  First-mover opportunity: no competitor runs Algolia', color: theme.good});
			if (present(landscape.competitive_positioning)) text(String(landscape.competitive_positioning), 2);
		}
		for (const c of intel.competitors.data.competitors.slice(0, 8)) {
			push({text: `  ${String(c.competitor_domain)}`, bold: true}, {text: `  ${[c.similarity_score && `similarity ${c.similarity_score}`, c.competitor_search_provider, c.competitor_uses_algolia ? 'uses Algolia' : null].filter(Boolean).join(' · ')}`, color: c.competitor_uses_algolia ? theme.good : theme.muted});
		}
	}

	if (heading(intel.hiring)) {
		const s = intel.hiring.data.summary;
		if (s) field('Open roles', [s.total_open_roles, `tier 1: ${s.tier_1_count ?? 0}`, `tier 2: ${s.tier_2_count ?? 0}`, `tier 3: ${s.tier_3_count ?? 0}`, s.ai_investment_signal ? 'AI investment' : null].filter((v) => v !== null && v !== undefined).join(' · '));
		for (const role of intel.hiring.data.signals.slice(0, 8)) push({text: `  T${role.signal_tier ?? '?'} `, color: role.signal_tier === 1 ? theme.good : theme.muted}, {text: String(role.role_title)}, {text: `  ${[role.category, role.location, role.posted_date ? isoDay(role.posted_date) : null].filter(Boolean).join(' · ')}`, color: theme.muted});
	}

	const strategic = intel.strategic.data;
	if (heading(intel.strategic) && strategic) {
		field('Timing', [strategic.overall_timing, strategic.urgency_level && `urgency ${strategic.urgency_level}`, strategic.decision_window && `window ${strategic.decision_window}`].filter(Boolean).join(' · '), {bold: true});
		bullets('Initiatives', strategic.strategic_initiatives);
		bullets('Trigger events', strategic.trigger_events);
		bullets('Caution', strategic.caution_signals);
	}

	if (heading(intel.investor)) {
		const investor = intel.investor.data.investor;
		if (investor) {
			bullets('Digital commitments', investor.digital_commitments);
			bullets('Guidance', investor.guidance, 3);
			bullets('Filings', investor.sec_filings, 3);
		}
		for (const quote of intel.investor.data.quotes.slice(0, 5)) {
			text(`“${String(quote.quote)}”`, 4);
			push({text: `      — ${[quote.speaker_name, quote.speaker_title].filter(Boolean).join(', ')}${quote.quote_context ? ` (${quote.quote_context})` : ''}`, color: theme.muted});
		}
	}

	if (heading(intel.executives)) {
		for (const e of intel.executives.data.executives.slice(0, 8)) push({text: `  ${String(e.name)}`, bold: true}, {text: `  ${[e.title, e.buyer_role, e.is_new_to_role ? 'new in role' : null].filter(Boolean).join(' · ')}`, color: theme.muted});
		const committee = intel.executives.data.committee;
		if (committee) {
			for (const [key, label] of [['executive_sponsor', 'Executive sponsor'], ['economic_buyer', 'Economic buyer'], ['technical_buyer', 'Technical buyer'], ['champion', 'Champion']] as const) field(label, describeJson(committee[key])[0]);
			field('Decision makers', committee.total_decision_makers);
			bullets('Blockers', committee.primary_blockers, 3);
		}
	}

	const displacement = intel.displacement.data;
	if (heading(intel.displacement) && displacement) {
		field('Current search', [displacement.current_search_provider, displacement.provider_type].filter(Boolean).join(' · '));
		field('Difficulty', displacement.displacement_difficulty, {color: displacement.displacement_difficulty === 'LOW' ? theme.good : displacement.displacement_difficulty === 'HIGH' ? theme.bad : theme.warn});
		if (present(displacement.displacement_reasoning)) text(String(displacement.displacement_reasoning), 2);
		bullets('Recommended', displacement.recommended_products, 4);
		bullets('Co-sell', displacement.partner_co_sell_opportunities, 3);
	}

	if (heading(intel.caseStudies)) {
		for (const cs of intel.caseStudies.data.caseStudies.slice(0, 5)) {
			push({text: `  ${String(cs.case_study_customer)}`, bold: true}, {text: `  ${[cs.case_study_vertical, cs.relevance_score && `relevance ${cs.relevance_score}`].filter(Boolean).join(' · ')}`, color: theme.muted});
			if (present(cs.results_headline)) text(String(cs.results_headline), 4);
		}
	}

	if (heading(intel.scores)) {
		const icp = intel.scores.data.icp;
		const signals = intel.scores.data.signals;
		if (icp) {
			field('ICP tier', [icp.icp_tier, icp.icp_tier_name].filter((v) => v !== null && v !== undefined).join(' · '));
			field('Priority', [icp.priority_status, icp.priority_score !== null && icp.priority_score !== undefined ? `score ${icp.priority_score}` : null].filter(Boolean).join(' · '), {bold: true, color: icp.priority_status === 'HOT' ? theme.bad : icp.priority_status === 'WARM' ? theme.warn : undefined});
			field('Lead score', icp.lead_score_total);
			field('Signal score', icp.signal_score_total);
			field('Model', icp.model_version);
			if (present(icp.priority_reasoning)) text(String(icp.priority_reasoning), 2, {color: theme.muted});
		}
		if (signals) {
			field('Signals', [`budget ${signals.budget_total ?? 0}`, `pain ${signals.pain_total ?? 0}`, `timing ${signals.timing_total ?? 0}`, `negative ${signals.negative_total ?? 0}`, signals.adjusted_signal_score !== null && signals.adjusted_signal_score !== undefined ? `adjusted ${signals.adjusted_signal_score}` : null].filter(Boolean).join(' · '));
		}
	}
	return lines;
}

/** Line index of each section heading (for jumping between sections). */
export function sectionStarts(lines: readonly Line[]): number[] {
	return lines.flatMap((line, index) => (line[0]?.text.startsWith('▌') ? [index] : []));
}

export type {Row};
