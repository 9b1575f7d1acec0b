/** One client per API, the same SourceClient shape (source + unavailable note). */
export {builtWithClient, type BuiltWithClient} from './builtwith.js';
export {similarWebClient, type SimilarWebClient} from './similarweb.js';
export {secClient, type SecClient} from './sec.js';
export {yahooClient, resetYahooSessions, QUOTE_SUMMARY_MODULES, type YahooClient} from './yahoo.js';
export {jsearchClient, type JSearchClient} from './jsearch.js';
export {webSearchClient, type WebSearchClient} from './websearch.js';
export {missingKeyNote, type SourceClient} from './common.js';
