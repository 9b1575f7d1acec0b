/**
 * A local BuiltWith Lists API for tests: a node:http server on 127.0.0.1 replaying the
 * hand-written pages in test/fixtures/discovery, keyed by TECH and OFFSET, with faults on
 * request (429 + Retry-After, an error answer, a page that never answers).
 */
import {readFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {repoRoot} from '../helpers/run-pf.js';

export const fixtureDir = path.join(repoRoot, 'test', 'fixtures', 'discovery');
export const fixture = (name: string) => readFileSync(path.join(fixtureDir, name), 'utf8');

/** The AEM result set: OFFSET (absent = first page) → fixture. */
export const aemPages: Record<string, string> = {
	'': 'aem-page-1.json',
	oQEwEnH2FJuIzeXOEk2T: 'aem-page-2.json',
	'pR2xT9aa01-Zq': 'aem-page-3.json',
	'zz83KQ-last-but-one': 'aem-page-4.json',
};

export type RecordedRequest = {tech: string; offset: string; since: string | null; country: string | null; meta: string | null; key: string | null; status: number};

export type ListsServer = {
	url: string;
	requests: RecordedRequest[];
	/** OFFSETs answered once with 429 + Retry-After: 1 before the real page. */
	rateLimitOnce: Set<string>;
	/** OFFSETs that never answer (the test kills the client); `onHang` fires when one is asked for. */
	hang: Set<string>;
	onHang?: () => void;
	/** TECH values answered with the error fixture. */
	errorFor: Set<string>;
	close: () => Promise<void>;
};

export async function startListsServer(pages: Record<string, Record<string, string>> = {'Adobe-Experience-Manager': aemPages}): Promise<ListsServer> {
	const hanging: http.ServerResponse[] = [];
	const state: ListsServer = {
		url: '',
		requests: [],
		rateLimitOnce: new Set(),
		hang: new Set(),
		errorFor: new Set(),
		close: async () => {
			for (const response of hanging) response.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	const server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const tech = url.searchParams.get('TECH') ?? '';
		const offset = url.searchParams.get('OFFSET') ?? '';
		const record: RecordedRequest = {tech, offset, since: url.searchParams.get('SINCE'), country: url.searchParams.get('COUNTRY'), meta: url.searchParams.get('META'), key: url.searchParams.get('KEY'), status: 200};
		state.requests.push(record);
		const send = (status: number, body: string, headers: Record<string, string> = {}) => {
			record.status = status;
			response.writeHead(status, {'content-type': 'application/json', ...headers});
			response.end(body);
		};
		if (url.pathname !== '/lists13/api.json') return send(404, '{"Errors":[{"Message":"no such endpoint"}]}');
		if (state.errorFor.has(tech)) return send(200, fixture('error-invalid-key.json'));
		if (state.hang.has(offset)) {
			hanging.push(response);
			state.onHang?.();
			return;
		}
		if (state.rateLimitOnce.has(offset)) {
			state.rateLimitOnce.delete(offset);
			return send(429, '{"Errors":[{"Message":"Too many requests"}]}', {'retry-after': '1'});
		}
		const file = pages[tech]?.[offset];
		if (!file) return send(200, JSON.stringify({Errors: [{Message: `unknown offset ${offset} for ${tech}`}]}));
		send(200, fixture(file));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return state;
}
