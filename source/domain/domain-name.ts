/**
 * Domain normalisation (../shared/docs/domain.md, "Domains"): lowercase; strip scheme,
 * `www.`, path, query, port and trailing dot; punycode for IDNs; reject spaces and
 * names. Multi-label suffixes (co.uk) and sub-domains are valid. Pure: no I/O.
 */
import {domainToASCII} from 'node:url';

export type DomainResult = {ok: true; domain: string} | {ok: false; input: string; reason: string};

const hostname = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]|xn--)([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Normalises one domain, or says in words why it is not one. */
export function normaliseDomain(input: string): DomainResult {
	const raw = input.trim();
	if (raw === '') return {ok: false, input, reason: 'it is empty'};
	let text = raw.toLowerCase();
	text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, ''); // scheme
	text = text.replace(/^[^@/]*@/, ''); // user info
	text = text.split(/[/?#]/, 1)[0]!; // path, query, fragment
	if (/\s/.test(text)) return {ok: false, input, reason: 'it contains spaces (a company name, not a domain?)'};
	text = text.replace(/:\d*$/, ''); // port
	text = text.replace(/\.+$/, ''); // trailing dot
	if (text.startsWith('www.') && text.split('.').length > 2) text = text.slice(4);
	if (!text.includes('.')) return {ok: false, input, reason: 'it has no dot (a company name, not a domain?)'};
	const ascii = /^[\x00-\x7f]*$/.test(text) ? text : domainToASCII(text);
	if (!ascii) return {ok: false, input, reason: 'it is not a valid internationalised domain name'};
	if (!hostname.test(ascii)) return {ok: false, input, reason: 'it is not a valid hostname (letters, digits, hyphens and dots only)'};
	return {ok: true, domain: ascii};
}

/** True when the text is already a normalised domain (what the database stores). */
export function isNormalisedDomain(text: string): boolean {
	return hostname.test(text);
}
