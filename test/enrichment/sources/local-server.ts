/**
 * A local node:http server on 127.0.0.1 that replays recorded responses for the source
 * clients. Routes match on the path (query ignored unless the route says otherwise);
 * every request is counted so tests can assert "0 external calls".
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';

export type Reply = {status?: number; headers?: Record<string, string>; body?: string | object; delayMs?: number};
export type Route = Reply | Reply[] | ((request: {url: URL; headers: http.IncomingHttpHeaders; count: number}) => Reply);

export type LocalServer = {
	url: string;
	requests: {path: string; query: string; headers: http.IncomingHttpHeaders}[];
	/** Requests whose path starts with a prefix. */
	count(prefix?: string): number;
	route(pathname: string, route: Route): void;
	reset(): void;
	close(): Promise<void>;
};

export async function startLocalServer(routes: Record<string, Route> = {}): Promise<LocalServer> {
	const table = new Map<string, Route>(Object.entries(routes));
	const seen = new Map<string, number>();
	const requests: LocalServer['requests'] = [];
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		requests.push({path: url.pathname, query: url.search, headers: req.headers});
		const route = table.get(url.pathname) ?? table.get('*');
		const count = (seen.get(url.pathname) ?? 0) + 1;
		seen.set(url.pathname, count);
		let reply: Reply;
		if (!route) reply = {status: 404, body: 'no route'};
		else if (typeof route === 'function') reply = route({url, headers: req.headers, count});
		else if (Array.isArray(route)) reply = route[Math.min(count, route.length) - 1]!;
		else reply = route;
		const send = () => {
			const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
			res.writeHead(reply.status ?? 200, {'content-type': typeof reply.body === 'object' ? 'application/json' : 'text/plain', ...reply.headers});
			res.end(body);
		};
		if (reply.delayMs) setTimeout(send, reply.delayMs);
		else send();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		count: (prefix = '/') => requests.filter((request) => request.path.startsWith(prefix)).length,
		route: (pathname, route) => void table.set(pathname, route),
		reset: () => {
			requests.length = 0;
			seen.clear();
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
