/**
 * Renders a brief as Markdown (`pf brief --markdown`) or as plain text for a terminal
 * (the default on a TTY). Both show the same content: every section in order, each fact
 * followed by its source numbers ([1][3]) or its provenance ("legacy, unsourced").
 */
import {SECTION_TITLES, type Brief, type Ref} from './types.js';

type Style = {markdown: boolean};

function refText(ref: Ref): string {
	if (ref.sources.length) return ` ${ref.sources.map((n) => `[${n}]`).join('')}`;
	if (ref.provenance === 'legacy, unsourced') return ' (legacy, unsourced)';
	if (ref.provenance === 'unsourced') return ' (unsourced)';
	return '';
}

const pct = (value: number | null) => (value === null ? 'unknown' : `${(value * 100).toFixed(1)}%`);

function heading(title: string, style: Style): string {
	return style.markdown ? `## ${title}` : `${title.toUpperCase()}\n${'─'.repeat(title.length)}`;
}

function bullet(text: string): string {
	return `- ${text}`;
}

function quoteLine(text: string, style: Style): string {
	return style.markdown ? `> “${text}”` : `  “${text}”`;
}

export function renderBrief(brief: Brief, style: Style): string {
	const out: string[] = [];
	const title = `Strategic Signal Brief: ${brief.company_name ?? brief.domain}${brief.company_name ? ` (${brief.domain})` : ''}`;
	out.push(style.markdown ? `# ${title}` : title);
	out.push('');
	out.push(`Version ${brief.version} · generated ${brief.generated_at} · model ${brief.model_version}`);
	const section = (key: keyof typeof SECTION_TITLES, body: string[], note: string | null) => {
		out.push('', heading(SECTION_TITLES[key], style), '');
		if (note) out.push(style.markdown ? `_${note}_` : note);
		if (note && body.length) out.push('');
		out.push(...body);
	};

	section('sixty_second_story', brief.sixty_second_story.sentences.map((sentence) => `${sentence.text}${refText(sentence)}`).join(' ').split('\n'), null);

	section(
		'timing_signals',
		brief.timing_signals.items.map((item) => {
			const points = item.scored ? `${item.points > 0 ? '+' : ''}${item.points} pts` : `not scored: ${item.excluded}`;
			const when = item.detected_at ? `, ${item.detected_at}` : '';
			return bullet(`${item.category ? `${item.category} · ` : ''}${item.label}: ${item.evidence} (${points}${when})${refText(item)}`);
		}),
		brief.timing_signals.note,
	);

	section(
		'in_their_own_words',
		brief.in_their_own_words.quotes.flatMap((quote) => [
			quoteLine(quote.quote, style),
			`  — ${quote.speaker}${quote.title ? `, ${quote.title}` : ''}${quote.context ? ` (${quote.context}` : ''}${quote.date ? `${quote.context ? ', ' : ' ('}${quote.date}` : ''}${quote.context || quote.date ? ')' : ''}${refText(quote)}`,
			'',
		]),
		brief.in_their_own_words.note,
	);

	const people = brief.people;
	section(
		'people',
		[
			...people.members.map((member) => bullet(`${member.name}${member.title ? `, ${member.title}` : ''}: ${member.role.replace(/_/g, ' ')}${member.new_to_role ? ' (new in role)' : ''}${refText(member)}`)),
			...(people.entry_point ? ['', `Entry point: ${people.entry_point.name}${people.entry_point.title ? `, ${people.entry_point.title}` : ''}: ${people.entry_point.reason}${refText(people.entry_point)}`] : []),
		],
		people.note,
	);

	const money = brief.money;
	section(
		'money',
		money.available
			? [
					bullet(`Revenue: ${money.revenue ? `${money.revenue.display}${refText(money.revenue)}` : 'unknown'}${money.revenue_trend ? `, trend ${money.revenue_trend.value}${refText(money.revenue_trend)}` : ''}`),
					...money.revenue_history.map((point) => `  - ${point.fiscal_year}: ${point.revenue ?? 'unknown'}`),
					bullet(`Margin zone: ${money.margin_zone ? `${money.margin_zone.value} (EBITDA margin ${pct(money.margin_zone.ebitda_margin)})${refText(money.margin_zone)}` : 'unknown'}`),
					bullet(`E-commerce revenue: ${money.ecommerce_revenue ? `${money.ecommerce_revenue.display}${refText(money.ecommerce_revenue)}` : 'unknown'}`),
					bullet(`Addressable search revenue (15% of e-commerce): ${money.addressable_search_revenue ? `${money.addressable_search_revenue.display}${refText(money.addressable_search_revenue)}` : 'unknown'}`),
					...money.roi_scenarios.map((scenario) => bullet(`ROI ${scenario.label}: ${scenario.display} a year${refText(scenario)}`)),
				]
			: [],
		money.note,
	);

	section('gaps', brief.gaps.items.map((gap) => bullet(`${gap.gap}: ${gap.evidence}${refText(gap)}`)), brief.gaps.note);

	const landscape = brief.competitive_landscape;
	section(
		'competitive_landscape',
		[
			...(landscape.current_search ? [bullet(`Current search: ${landscape.current_search.provider ?? 'none detected'} (${landscape.current_search.difficulty ?? 'difficulty unknown'}): ${landscape.current_search.reasoning}${refText(landscape.current_search)}`)] : []),
			...(landscape.total_analyzed
				? [
						bullet(`${landscape.total_analyzed} competitors analysed: ${landscape.algolia_users} Algolia, ${landscape.constructor_users} Constructor, ${landscape.elasticsearch_users} Elasticsearch, ${landscape.native_search_users} native, ${landscape.other_search_users} other, ${landscape.unknown_provider} unknown`),
						bullet(landscape.positioning),
						...landscape.competitors.map((competitor) => `  - ${competitor.domain}: ${competitor.uses_algolia ? 'Algolia' : (competitor.search_provider ?? 'unknown')}${refText(competitor)}`),
					]
				: []),
		],
		landscape.note,
	);

	const hiring = brief.hiring_intelligence;
	section(
		'hiring_intelligence',
		hiring.available
			? [
					bullet(`${hiring.total_open_roles} open role${hiring.total_open_roles === 1 ? '' : 's'}: ${hiring.tier_1} tier 1, ${hiring.tier_2} tier 2, ${hiring.tier_3} tier 3${hiring.ai_investment_signal ? '; hiring for AI/ML' : ''}`),
					...hiring.roles.map((role) => `  - ${role.title} (tier ${role.tier}, ${role.category}${role.posted_date ? `, posted ${role.posted_date}` : ''})${refText(role)}`),
				]
			: [],
		hiring.note,
	);

	const icp = brief.icp_mapping;
	const b = icp.lead_score_breakdown;
	section(
		'icp_mapping',
		[
			bullet(`Tier ${icp.tier} ${icp.tier_name}: ${icp.tier_description}`),
			bullet(`Lead score ${icp.lead_score} = vertical ${b.vertical} + traffic ${b.traffic} + tech spend ${b.tech_spend} + partner tech ${b.partner_tech}`),
			...icp.lead_score_reasons.map((reason) => `  - ${reason}`),
			bullet(`Signals: budget ${icp.signal_totals.budget}, pain ${icp.signal_totals.pain}, timing ${icp.signal_totals.timing}, negative ${icp.signal_totals.negative} → ${icp.signal_score}`),
			bullet(`Priority ${icp.priority_score} ${icp.priority_status} (${icp.model_version}): ${icp.priority_reasoning}`),
			...(icp.products.length ? [bullet('Products that fit:'), ...icp.products.map((product) => `  - ${product.product}: ${product.reason}`)] : []),
		],
		null,
	);

	const angle = brief.the_angle;
	section(
		'the_angle',
		[
			...(angle.parts.length ? [angle.parts.map((part) => `${part.text}${refText(part)}`).join(' ')] : []),
			...(angle.case_studies.length ? ['', 'Case studies that fit:', ...angle.case_studies.map((study) => bullet(`${study.customer} (relevance ${study.relevance.toFixed(2)}: ${study.reasoning})${refText(study)}`))] : []),
			...(angle.legacy_notes.length ? ['', ...angle.legacy_notes.map((note) => `Legacy note: ${note.text}${refText(note)}`)] : []),
		],
		angle.note,
	);

	section(
		'sources',
		brief.sources.map((source) => `${source.n}. ${source.title}: ${source.url} (retrieved ${source.retrieved_at ? source.retrieved_at.slice(0, 10) : 'date unknown'}${source.data_source ? `, ${source.data_source}` : ''})`),
		brief.sources.length ? null : 'No cited sources: every fact above is marked legacy, unsourced, unsourced or derived.',
	);
	return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
