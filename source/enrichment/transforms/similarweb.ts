/**
 * SimilarWeb v1 website endpoints → intel_traffic_analysis and competitor rows. Pure.
 * "No data" is HTTP 404 with meta.error_code 401; global_rank 0 means unranked;
 * visits dates are YYYY-MM-DD, global-rank dates YYYY-MM.
 */
import {normaliseDomain} from '../../domain/domain-name.js';
import {fitDecimal, numberValue, textValue} from './values.js';

export type TrafficTrend = 'growing' | 'stable' | 'declining' | 'unknown';

export type VisitsSummary = {
	monthlyVisits: number | null;
	dataMonth: string | null;
	momChange: number | null;
	yoyChange: number | null;
	trendDirection: TrafficTrend;
	series: {month: string; visits: number}[];
	notes: string[];
};

/** True when a body is SimilarWeb's error envelope (meta.status "Error"). */
export function similarWebError(body: unknown): {code: number | null; message: string} | undefined {
	const meta = (body as {meta?: {status?: unknown; error_code?: unknown; error_message?: unknown}} | null)?.meta;
	if (!meta || String(meta.status).toLowerCase() !== 'error') return undefined;
	return {code: numberValue(meta.error_code), message: textValue(meta.error_message) ?? 'error'};
}

function series(body: unknown, field: string): {month: string; value: number}[] {
	const list = (body as Record<string, unknown> | null)?.[field];
	if (!Array.isArray(list)) return [];
	return list
		.map((point) => ({month: String(point?.date ?? '').slice(0, 7), value: numberValue(point?.[field])}))
		.filter((point): point is {month: string; value: number} => /^\d{4}-\d{2}$/.test(point.month) && point.value !== null)
		.sort((a, b) => a.month.localeCompare(b.month));
}

function monthsBefore(month: string, count: number): string {
	const [year, mon] = month.split('-').map(Number) as [number, number];
	const date = new Date(Date.UTC(year, mon - 1 - count, 1));
	return date.toISOString().slice(0, 7);
}

/** visits[] → latest monthly visits, MoM/YoY (fitted to DECIMAL(5,4)) and a trend. */
export function summariseVisits(body: unknown): VisitsSummary {
	const points = series(body, 'visits');
	const notes: string[] = [];
	const last = points.at(-1);
	if (!last) return {monthlyVisits: null, dataMonth: null, momChange: null, yoyChange: null, trendDirection: 'unknown', series: [], notes};
	const byMonth = new Map(points.map((point) => [point.month, point.value]));
	const previous = byMonth.get(monthsBefore(last.month, 1));
	const yearAgo = byMonth.get(monthsBefore(last.month, 12));
	const mom = previous ? last.value / previous - 1 : null;
	const yoy = yearAgo ? last.value / yearAgo - 1 : null;
	const momFit = fitDecimal(mom, 5, 4);
	const yoyFit = fitDecimal(yoy, 5, 4);
	if (momFit.note) notes.push(`mom_change ${momFit.note}`);
	if (yoyFit.note) notes.push(`yoy_change ${yoyFit.note}`);
	let basis: number | null = yoy;
	if (basis === null && points.length >= 6) {
		const recent = points.slice(-3).reduce((sum, point) => sum + point.value, 0);
		const before = points.slice(-6, -3).reduce((sum, point) => sum + point.value, 0);
		basis = before > 0 ? recent / before - 1 : null;
	}
	if (basis === null) basis = mom;
	const trend: TrafficTrend = basis === null ? 'unknown' : basis > 0.05 ? 'growing' : basis < -0.05 ? 'declining' : 'stable';
	return {
		monthlyVisits: Math.round(last.value),
		dataMonth: last.month,
		momChange: momFit.value,
		yoyChange: yoyFit.value,
		trendDirection: trend,
		series: points.map((point) => ({month: point.month, visits: Math.round(point.value)})),
		notes,
	};
}

/** The latest value of a single-metric series endpoint (bounce_rate, pages_per_visit, average_visit_duration). */
export function latestMetric(body: unknown, field: string): number | null {
	return series(body, field).at(-1)?.value ?? null;
}

/** global_rank[] → latest rank; 0 (unranked) → null. */
export function latestGlobalRank(body: unknown): number | null {
	const rank = latestMetric(body, 'global_rank');
	return rank === null || rank <= 0 ? null : Math.round(rank);
}

/** traffic-sources/overview-share → {source_type: latest share}. */
export function trafficSourceShares(body: unknown, domain: string): Record<string, number> | null {
	const visits = (body as {visits?: Record<string, unknown>} | null)?.visits;
	if (!visits || typeof visits !== 'object') return null;
	const list = (visits[domain] ?? Object.values(visits)[0]) as unknown;
	if (!Array.isArray(list)) return null;
	const shares: Record<string, number> = {};
	for (const entry of list) {
		const type = textValue(entry?.source_type);
		if (!type) continue;
		const points = Array.isArray(entry?.visits) ? entry.visits : [];
		const sorted = [...points].sort((a: any, b: any) => String(a?.date).localeCompare(String(b?.date)));
		const value = numberValue(sorted.at(-1)?.visits ?? sorted.at(-1)?.share);
		if (value !== null) shares[type.toLowerCase()] = Number(value.toFixed(4));
	}
	return Object.keys(shares).length > 0 ? shares : null;
}

/** geo/traffic-by-country → top countries by share. */
export function geographyShares(body: unknown, top = 10): {country: string; countryName: string | null; share: number; visits: number | null}[] | null {
	const records = (body as {records?: unknown[]} | null)?.records;
	if (!Array.isArray(records)) return null;
	const rows = records
		.map((record: any) => ({country: textValue(record?.country_code) ?? textValue(String(record?.country ?? '')), countryName: textValue(record?.country_name), share: numberValue(record?.share), visits: numberValue(record?.visits)}))
		.filter((row): row is {country: string; countryName: string | null; share: number; visits: number | null} => row.country !== null && row.share !== null)
		.sort((a, b) => b.share - a.share)
		.slice(0, top)
		.map((row) => ({...row, share: Number(row.share.toFixed(4)), visits: row.visits === null ? null : Math.round(row.visits)}));
	return rows.length > 0 ? rows : null;
}

export type SimilarSite = {domain: string; similarityScore: number | null};

/** similar-sites → competitor domains (normalised, self excluded), best first. */
export function similarSites(body: unknown, ownDomain: string, limit = 10): SimilarSite[] {
	const list = (body as {similar_sites?: unknown[]} | null)?.similar_sites;
	if (!Array.isArray(list)) return [];
	const seen = new Set<string>([ownDomain]);
	const sites: SimilarSite[] = [];
	for (const entry of list as any[]) {
		const normalised = normaliseDomain(String(entry?.url ?? entry?.domain ?? ''));
		if (!normalised.ok || seen.has(normalised.domain)) continue;
		seen.add(normalised.domain);
		sites.push({domain: normalised.domain, similarityScore: fitDecimal(numberValue(entry?.score), 4, 3).value});
	}
	return sites.sort((a, b) => (b.similarityScore ?? 0) - (a.similarityScore ?? 0)).slice(0, limit);
}
