/** Secrets never reach logs, the cache key or audit rows: these query parameters are redacted. */
const secretParameters = new Set(['key', 'api_key', 'apikey', 'token', 'access_token', 'crumb', 'subscription-token', 'x-rapidapi-key']);

/** The URL with every secret query parameter's value replaced by REDACTED. */
export function redactUrl(url: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return url.replace(/([?&](?:key|api_key|apikey|token|access_token|crumb)=)[^&#]*/gi, '$1REDACTED');
	}
	for (const name of [...parsed.searchParams.keys()]) {
		if (secretParameters.has(name.toLowerCase())) parsed.searchParams.set(name, 'REDACTED');
	}
	parsed.username = '';
	parsed.password = '';
	return parsed.toString();
}

/** Redacts any occurrence of the given secrets in a text (error messages, bodies). */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
	let result = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) result = result.split(secret).join('REDACTED');
	}
	return result;
}
