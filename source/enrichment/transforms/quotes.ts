/**
 * Executive quotes from filing exhibits (8-K EX-99 press releases, 10-K text) →
 * intel_executive_quotes rows. Pure. Only quotes attributed to a named person with a
 * title in the text are kept ("…," said Jane Doe, Chief Executive Officer) — nothing is
 * attributed by guess.
 */

export type ExecutiveQuote = {
	speakerName: string;
	speakerTitle: string | null;
	quote: string;
	quoteContext: string;
	mapsToProduct: string | null;
	priority: 'HIGH' | 'MEDIUM' | 'LOW';
	sourceUrl: string;
	sourceDate: string | null;
	topic: 'search' | 'digital' | 'other';
};

/** HTML (or SGML text) → plain text with entities decoded and whitespace collapsed. */
export function plainText(html: string): string {
	return html
		.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, '\n')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&nbsp;|&#160;|&#xa0;/gi, ' ')
		.replace(/&amp;/g, '&')
		.replace(/&quot;|&#8220;|&#8221;|&#x201[cd];|&ldquo;|&rdquo;/gi, '"')
		.replace(/&#8217;|&#8216;|&#x201[89];|&rsquo;|&lsquo;|&#39;|&apos;/gi, "'")
		.replace(/&#8212;|&#8211;|&mdash;|&ndash;/gi, '-')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
		.replace(/[“”]/g, '"')
		.replace(/[‘’]/g, "'")
		.replace(/[ \t\r\f\v]+/g, ' ')
		.replace(/\s*\n\s*/g, '\n')
		.trim();
}

const name = String.raw`((?:[A-Z][a-zA-Z'\-]+\.? ){1,3}[A-Z][a-zA-Z'\-]+)`;
const title = String.raw`([^".\n]{3,140}?)`;
// "Quote," said Name, Title.   |   "Quote," Name, Title, said.   |   "Quote," said Title Name.
const patterns = [
	new RegExp(String.raw`"([^"]{30,900}?)[,.!?]?"\s*(?:said|says|stated|added|commented|noted)\s+${name},\s*${title}[.\n]`, 'g'),
	new RegExp(String.raw`"([^"]{30,900}?)[,.!?]?"\s*${name},\s*${title},\s*(?:said|says|stated|added|commented|noted)`, 'g'),
];

const searchTopic = /\b(search|site search|product discovery|findability|relevance|recommendation|personali[sz]ation)\b/i;
const digitalTopic = /\b(digital|e-?commerce|online|omnichannel|customer experience|mobile app|website|ai|artificial intelligence|platform|technology)\b/i;

/** Quotes with a named, titled speaker. `context` names the document, e.g. "8-K EX-99.1, 2026-01-29". */
export function extractExecutiveQuotes(text: string, source: {url: string; date: string | null; context: string}): ExecutiveQuote[] {
	const plain = plainText(text).replace(/\n/g, ' \n');
	const quotes = new Map<string, ExecutiveQuote>();
	for (const pattern of patterns) {
		for (const match of plain.matchAll(pattern)) {
			const quote = match[1]!.replace(/\s+/g, ' ').trim();
			const speakerName = match[2]!.trim();
			const speakerTitle = match[3]!.replace(/\s+/g, ' ').replace(/^(the |our )/i, '').trim();
			if (!/[a-z]/.test(quote) || /\b(forward-looking|safe harbor)\b/i.test(quote)) continue;
			const topic = searchTopic.test(quote) ? 'search' : digitalTopic.test(quote) ? 'digital' : 'other';
			quotes.set(quote, {
				speakerName: speakerName.slice(0, 200),
				speakerTitle: speakerTitle.slice(0, 200) || null,
				quote,
				quoteContext: source.context.slice(0, 200),
				mapsToProduct: topic === 'search' ? 'Algolia Search and Discovery' : topic === 'digital' ? 'Algolia for digital commerce' : null,
				priority: topic === 'search' ? 'HIGH' : topic === 'digital' ? 'MEDIUM' : 'LOW',
				sourceUrl: source.url,
				sourceDate: source.date,
				topic,
			});
		}
	}
	return [...quotes.values()];
}
