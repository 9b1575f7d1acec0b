/**
 * `pf brief <domain> [--json | --markdown] [--regenerate] [--version N] [--diff]` and
 * `pf brief --all`. The stored-brief path (`--json`) reads one row and writes the stored
 * document: nothing else is loaded, so it starts about as fast as Node itself.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {normaliseDomain} from '../domain/domain-name.js';
// Static: every path but a usage error needs them, and the stored brief's fast path is
// a one-liner measured against `node -e 0` (a dynamic import is a facade module more).
import {database} from '../db/client.js';
import {authorize, recordAction, userAction} from '../services/access.js';
import {readStoredBriefDocument} from '../db/briefs.js';

const help = `
  Usage
    $ pf brief <domain>                 the Strategic Signal Brief (text on a TTY)
    $ pf brief <domain> --json          one JSON document (docs/brief.schema.json)
    $ pf brief <domain> --markdown      the same content as Markdown
    $ pf brief <domain> --regenerate    build a new version from the current intel
    $ pf brief <domain> --version N     an earlier version
    $ pf brief <domain> --diff          what changed from the previous version (--version N: from N)
    $ pf brief --all [--regenerate]     build the briefs of every company that has none (or all)

  A brief is built on first request and stored; each regeneration is a new version and
  earlier versions stay retrievable. Every fact is numbered into the sources; legacy
  facts without a source are shown as "legacy, unsourced".

  Exit codes: 2 invalid domain or flags · 5 unknown company or version
`;

export default async function brief(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		json: {type: 'boolean', default: false},
		markdown: {type: 'boolean', default: false},
		regenerate: {type: 'boolean', default: false},
		version: {type: 'number'},
		diff: {type: 'boolean', default: false},
		all: {type: 'boolean', default: false},
	});
	const {json, markdown, regenerate, diff, all} = cli.flags;
	const version = cli.flags.version;
	if (json && markdown) throw new UsageError('--json and --markdown do not go together', 'pick one output format');
	if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new UsageError(`--version ${version} is not a version number`, 'versions are whole numbers from 1');
	if (version !== undefined && regenerate) throw new UsageError('--version and --regenerate do not go together', 'regenerate builds a new version; --version reads an old one');

	if (all) {
		if (cli.input.length > 0) throw new UsageError('--all and a domain do not go together', 'use one or the other');
		if (json || markdown || diff || version !== undefined) throw new UsageError('--all only builds and stores briefs', 'print one with `pf brief <domain>`');
		const sql = await database();
		// Building every brief (and storing their scores) writes: it needs a valid key once accounts exist.
		await authorize(sql, {action: 'data.write'});
		const {buildAllBriefs} = await import('../services/brief.js');
		const progress = process.stderr.isTTY ? (done: number, total: number) => process.stderr.write(`\rpf: briefs ${done}/${total}`) : undefined;
		const started = performance.now();
		const {built} = await buildAllBriefs(sql, {regenerate, onProgress: progress});
		if (progress) process.stderr.write('\n');
		process.stderr.write(`pf: built ${built} brief${built === 1 ? '' : 's'} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
		return 0;
	}

	if (cli.input.length !== 1) throw new UsageError(cli.input.length === 0 ? 'which company? name one domain' : 'one domain at a time', 'pf brief <domain>, or pf brief --all');
	const parsed = normaliseDomain(cli.input[0]!);
	if (!parsed.ok) throw new UsageError(`"${parsed.input}" is not a domain: ${parsed.reason}`, 'pass a registrable domain such as acme.com');
	const domain = parsed.domain;
	const sql = await database();
	// Issue 8: a bad API key is refused (exit 6); each read leaves one audit_user_actions row.
	const actor = await authorize(sql, {action: 'brief.read', domain});
	// A regeneration writes a new version: like every write, it needs a valid key once accounts exist.
	if (regenerate) await authorize(sql, {action: 'data.write', domain, actor});
	const recordRead = () => recordAction(sql, actor, {action: 'brief.read', domain, resourceType: 'brief'});

	if (diff) {
		if (regenerate) throw new UsageError('--diff and --regenerate do not go together', 'run `pf brief <domain> --regenerate` first, then `--diff`');
		const [{briefDiff}, {renderDiff}] = await Promise.all([import('../services/brief.js'), import('../domain/brief/diff.js')]);
		const result = await briefDiff(sql, domain, version !== undefined ? {from: version} : {});
		if (!result) {
			process.stderr.write(`pf: ${domain} has only one brief version: nothing to compare\nhint: run \`pf brief ${domain} --regenerate\` to build a new one\n`);
			if (json) process.stdout.write(JSON.stringify({domain, from: null, to: null, changes: []}, null, 2) + '\n');
			return 0;
		}
		await recordRead();
		process.stdout.write(json ? JSON.stringify(result, null, 2) + '\n' : renderDiff(result));
		return 0;
	}

	if (json && !regenerate) {
		// Fast path: the stored document as stored, read and audited in one statement.
		const stored = await readStoredBriefDocument(sql, domain, version, userAction(actor, {action: 'brief.read', domain, resourceType: 'brief'}));
		if (stored) {
			process.stdout.write(stored.document);
			return 0;
		}
	}
	const {getBriefDocument} = await import('../services/brief.js');
	const {document} = await getBriefDocument(sql, domain, {regenerate, version});
	if (regenerate) process.stderr.write(`pf: ${domain}: new brief version ${(JSON.parse(document) as {version: number}).version}\n`);
	await recordRead();
	if (json) {
		process.stdout.write(document);
		return 0;
	}
	const {renderBrief} = await import('../domain/brief/render.js');
	process.stdout.write(renderBrief(JSON.parse(document), {markdown}));
	return 0;
}
