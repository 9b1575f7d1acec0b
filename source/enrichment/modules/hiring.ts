/**
 * hiring: JSearch postings for "<company> jobs", kept only when the employer's website
 * (or apply link) is the company's domain → intel_hiring_signals + intel_hiring_summary.
 */
import {replaceHiringSignals, upsertHiringSummary, writeIntel} from '../../db/intel-writes.js';
import {jsearchClient} from '../sources/jsearch.js';
import {hiringSignals, summariseHiring} from '../transforms/jsearch.js';
import {companyIdentity, defineModule, ModuleSkip} from './shared.js';

export const hiringModule = defineModule('hiring', ['jsearch'], async (context, http) => {
	const jsearch = jsearchClient(http);
	if (jsearch.unavailable) throw new ModuleSkip(jsearch.unavailable);
	const identity = await companyIdentity(context);
	const query = `${identity?.companyName ?? context.domain} jobs`;
	const response = await jsearch.search(query, {numPages: Number(context.env.PF_JSEARCH_PAGES ?? 2) || 2});
	const rows = hiringSignals(response.body, context.domain);
	const summary = summariseHiring(rows, response.body, context.domain);
	const provenance = {dataSource: 'jsearch', retrievedAt: response.retrievedAt};
	// The writes of the transaction are sent together (pipelined on its connection).
	const written = await writeIntel(context.sql, async (tx) => {
		const [count] = await Promise.all([replaceHiringSignals(tx, context.domain, rows, provenance), upsertHiringSummary(tx, context.domain, summary, provenance)]);
		return count + 1;
	});
	const total = Array.isArray((response.body as {data?: unknown[]})?.data) ? (response.body as {data: unknown[]}).data.length : 0;
	return {status: 'completed', rowsWritten: written, note: `${rows.length} of ${total} postings for "${query}" are on ${context.domain}`};
});
