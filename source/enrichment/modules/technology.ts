/** technology: BuiltWith Domain API → intel_technology_stack and intel_search_provider. */
import {replaceTechnologyStack, upsertSearchProvider, writeIntel} from '../../db/intel-writes.js';
import {builtWithClient} from '../sources/builtwith.js';
import {transformBuiltWithDomain} from '../transforms/builtwith.js';
import {defineModule, ModuleSkip} from './shared.js';

export const technologyModule = defineModule('technology', ['builtwith'], async (context, http) => {
	const builtwith = builtWithClient(http);
	if (builtwith.unavailable) throw new ModuleSkip(builtwith.unavailable);
	const response = await builtwith.domain(context.domain);
	const intel = transformBuiltWithDomain(response.body, response.url);
	if (intel.technologies.length === 0) throw new ModuleSkip(`no data: BuiltWith reports no technologies for ${context.domain}${intel.errors.length ? ` (${intel.errors.join('; ')})` : ''}`);
	const provenance = {dataSource: 'builtwith', retrievedAt: response.retrievedAt};
	// The writes of the transaction are sent together (pipelined on its connection).
	const rows = await writeIntel(context.sql, async (tx) => {
		const [written] = await Promise.all([replaceTechnologyStack(tx, context.domain, intel.technologies, provenance), upsertSearchProvider(tx, context.domain, intel.searchProvider, provenance)]);
		return written + 1;
	});
	return {status: 'completed', rowsWritten: rows, note: intel.searchProvider.currentProvider ? `search: ${intel.searchProvider.currentProvider}` : undefined};
});
