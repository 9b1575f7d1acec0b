/**
 * SEC EDGAR: company_tickers.json (ticker → CIK, on www.sec.gov), submissions and XBRL
 * companyfacts (data.sec.gov), and filing documents (exhibits) on www.sec.gov.
 * SEC_USER_AGENT (an app name and contact) is required; bases PF_SEC_DATA_URL, PF_SEC_WWW_URL.
 * An unknown CIK is a 404 with an S3 XML body: read as "no data".
 */
import {CACHE_TTL, sourceBaseUrl, type SourceHttp, type SourceResponse} from '../http.js';
import {paddedCik} from '../transforms/sec.js';
import {keyState, type SourceClient} from './common.js';

export type SecClient = SourceClient & {
	readonly wwwUrl: string;
	companyTickers(): Promise<SourceResponse<unknown>>;
	submissions(cik: number): Promise<SourceResponse<unknown>>;
	companyFacts(cik: number): Promise<SourceResponse<unknown>>;
	/** A filing folder's index.json (lists its exhibits). */
	folderIndex(folderUrl: string): Promise<SourceResponse<unknown>>;
	/** A filing document as text (HTML). */
	document(url: string): Promise<SourceResponse<string>>;
};

export function secClient(http: SourceHttp): SecClient {
	const {key: userAgent, unavailable} = keyState(http, 'sec_edgar');
	const data = sourceBaseUrl('sec_edgar', 'data', http.env);
	const www = sourceBaseUrl('sec_edgar', 'www', http.env);
	const headers = userAgent ? {'user-agent': userAgent, 'accept-encoding': 'gzip, deflate'} : undefined;
	return {
		source: 'sec_edgar',
		unavailable,
		wwwUrl: www,
		companyTickers: () => http.getJson({source: 'sec_edgar', url: `${www}/files/company_tickers.json`, headers, domain: undefined, ttlSeconds: CACHE_TTL.reference}),
		submissions: (cik) => http.getJson({source: 'sec_edgar', url: `${data}/submissions/CIK${paddedCik(cik)}.json`, headers, ttlSeconds: CACHE_TTL.filings}),
		companyFacts: (cik) => http.getJson({source: 'sec_edgar', url: `${data}/api/xbrl/companyfacts/CIK${paddedCik(cik)}.json`, headers, ttlSeconds: CACHE_TTL.financialStatements}),
		folderIndex: (folderUrl) => http.getJson({source: 'sec_edgar', url: `${folderUrl}/index.json`, headers, ttlSeconds: CACHE_TTL.financialStatements}),
		document: (url) => http.getText({source: 'sec_edgar', url, headers, ttlSeconds: CACHE_TTL.financialStatements}),
	};
}
