/**
 * `pf customers`: the authoritative list of Algolia customers, and the analyst's
 * "is / is not a customer" decisions that beat detection in both directions.
 */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {database} from '../db/client.js';
import {listFormat, renderList, toJson, type Column} from '../output/format.js';
import {
	changingUser,
	customerHistory,
	customerStatus,
	importCustomersCsv,
	listCustomers,
	listEffectiveCustomers,
	markCustomer,
	resetCustomer,
	resolveCustomer,
	type CustomerChangeRow,
	type CustomerRow,
	type EffectiveCustomerRow,
} from '../services/customers.js';

const help = `
  Usage
    $ pf customers list [--unresolved | --effective] [--json|--csv|--tsv]
    $ pf customers add <domain> --reason "…" [--name "Company"]
    $ pf customers remove <domain> --reason "…"
    $ pf customers reset <domain> --reason "…"
    $ pf customers resolve <name-or-id> <domain> [--reason "…"]
    $ pf customers import <file.csv | -> [--reason "…"] [--dry-run] [--json]
    $ pf customers status <domain> [--json]
    $ pf customers history [<domain>] [--json]

  The list decides who is an Algolia customer; detection (an Algolia search provider or
  technology row) decides only for companies the list does not name.

    add       "is a customer": the company leaves every target view at once
    remove    "is not a customer": beats detection, the company can be a target again
    reset     withdraw the decision: detection decides again
    resolve   give a customer known only by name (the legacy list) its domain
    import    a CSV with a header row naming a domain column (domain, website or url);
              optional company name and note columns; rows with only a name become
              unresolved customers. --dry-run checks the file and writes nothing
    list      the list's decisions; --unresolved the name-only customers;
              --effective every customer, whether the list or detection says so

  Every change records who (PF_USER, else your login), when and --reason.

  Options
    --reason   why (required for add, remove and reset)
    --name     the company's name (add)
    --json, --csv, --tsv   output format (default: a table on a terminal, TSV in a pipe)
`;

const customerColumns: Column<CustomerRow>[] = [
	{key: 'domain', header: 'DOMAIN', value: (row) => row.domain},
	{key: 'company_name', header: 'COMPANY', value: (row) => row.companyName},
	{key: 'status', header: 'STATUS', value: (row) => (row.isCustomer ? 'customer' : 'not a customer')},
	{key: 'source', header: 'SOURCE', value: (row) => row.source},
	{key: 'changed_by', header: 'BY', value: (row) => row.changedBy ?? row.createdBy},
	{key: 'changed_at', header: 'WHEN', value: (row) => row.changedAt ?? row.createdAt},
	{key: 'reason', header: 'WHY', value: (row) => row.reason ?? row.note},
];

const unresolvedColumns: Column<CustomerRow>[] = [
	{key: 'id', header: 'ID', value: (row) => row.id},
	{key: 'company_name', header: 'COMPANY', value: (row) => row.companyName},
	{key: 'source', header: 'SOURCE', value: (row) => row.source},
	{key: 'legacy_id', header: 'LEGACY ID', value: (row) => row.legacyId, align: 'right'},
	{key: 'created_at', header: 'SINCE', value: (row) => row.createdAt},
];

const effectiveColumns: Column<EffectiveCustomerRow>[] = [
	{key: 'domain', header: 'DOMAIN', value: (row) => row.domain},
	{key: 'company_name', header: 'COMPANY', value: (row) => row.companyName},
	{key: 'decided_by', header: 'DECIDED BY', value: (row) => row.decidedBy},
	{key: 'source', header: 'SOURCE', value: (row) => row.source},
];

const historyColumns: Column<CustomerChangeRow>[] = [
	{key: 'changed_at', header: 'WHEN', value: (row) => row.changedAt},
	{key: 'domain', header: 'DOMAIN', value: (row) => row.domain ?? row.companyName},
	{key: 'action', header: 'ACTION', value: (row) => row.action},
	{key: 'before', header: 'BEFORE', value: (row) => statusWord(row.isCustomerBefore)},
	{key: 'after', header: 'AFTER', value: (row) => statusWord(row.isCustomerAfter)},
	{key: 'actor', header: 'BY', value: (row) => row.actor},
	{key: 'via', header: 'VIA', value: (row) => row.via},
	{key: 'reason', header: 'WHY', value: (row) => row.reason},
];

function statusWord(value: boolean | null): string {
	return value === null ? '-' : value ? 'customer' : 'not a customer';
}

function requireReason(reason: string | undefined, action: string): string {
	if (!reason?.trim()) throw new UsageError(`${action} needs a reason`, `add --reason "…" (e.g. --reason "signed in March, per the account team")`);
	return reason.trim();
}

function one(input: string[], what: string, usage: string): string {
	if (input.length === 0) throw new UsageError(`missing ${what}`, `usage: ${usage}`);
	if (input.length > 1) throw new UsageError(`unexpected argument "${input[1]}"`, `usage: ${usage}`);
	return input[0]!;
}

function readInput(file: string): {text: string; name: string} {
	if (file === '-') return {text: readFileSync(0, 'utf8'), name: 'stdin'};
	try {
		return {text: readFileSync(file, 'utf8'), name: path.basename(file)};
	} catch (error) {
		const code = (error as {code?: string}).code;
		throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`, 'give the path of a CSV file, or - for stdin');
	}
}

export default async function customers(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		reason: {type: 'string'},
		name: {type: 'string'},
		unresolved: {type: 'boolean', default: false},
		effective: {type: 'boolean', default: false},
		dryRun: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
		csv: {type: 'boolean', default: false},
		tsv: {type: 'boolean', default: false},
	});
	const [action = 'list', ...args] = cli.input;
	const flags = cli.flags;
	const actor = (sql: Awaited<ReturnType<typeof database>>) => changingUser(sql, 'enrich', 'change the customer list');
	const say = (text: string) => process.stderr.write(`pf: ${text}\n`);

	switch (action) {
		case 'list': {
			if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`, 'usage: pf customers list [--unresolved | --effective]');
			if (flags.unresolved && flags.effective) throw new UsageError('--unresolved and --effective do not go together', 'pick one');
			const sql = await database();
			const format = listFormat(flags);
			if (flags.effective) {
				process.stdout.write(renderList(await listEffectiveCustomers(sql), effectiveColumns, format));
			} else {
				const rows = await listCustomers(sql, {unresolved: flags.unresolved});
				process.stdout.write(renderList(rows, flags.unresolved ? unresolvedColumns : customerColumns, format));
			}
			return 0;
		}
		case 'add':
		case 'remove': {
			const usage = `pf customers ${action} <domain> --reason "…"`;
			const domain = one(args, 'the domain', usage);
			const reason = requireReason(flags.reason, action === 'add' ? 'marking a customer' : 'marking "not a customer"');
			const sql = await database();
			const who = await actor(sql);
			const result = await markCustomer(sql, {domain, isCustomer: action === 'add', reason, actor: who, via: 'cli', companyName: flags.name ?? null});
			if (flags.json) process.stdout.write(toJson(result));
			else if (!result.changed) say(`${result.domain} was already marked ${action === 'add' ? 'a customer' : '"not a customer"'}; nothing changed`);
			else say(`${result.domain} is now marked ${action === 'add' ? 'a customer: it is no longer a target' : '"not a customer": detection no longer excludes it'} (recorded for ${who})`);
			return 0;
		}
		case 'reset': {
			const domain = one(args, 'the domain', 'pf customers reset <domain> --reason "…"');
			const reason = requireReason(flags.reason, 'resetting a decision');
			const sql = await database();
			const result = await resetCustomer(sql, {domain, reason, actor: await actor(sql), via: 'cli'});
			if (flags.json) process.stdout.write(toJson(result));
			else say(`${result.domain}: decision withdrawn; detection says ${result.effective ? 'it is a customer' : 'it is not a customer'}`);
			return 0;
		}
		case 'resolve': {
			if (args.length !== 2) throw new UsageError(args.length < 2 ? 'resolve needs the name (or id) and the domain' : `unexpected argument "${args[2]}"`, 'usage: pf customers resolve <name-or-id> <domain>  (quote a name with spaces)');
			const sql = await database();
			const result = await resolveCustomer(sql, {nameOrId: args[0]!, domain: args[1]!, reason: flags.reason ?? null, actor: await actor(sql), via: 'cli'});
			if (flags.json) process.stdout.write(toJson(result));
			else say(`${result.companyName ?? args[0]} → ${result.domain}${result.merged ? ' (merged into the existing list row)' : ''}`);
			return 0;
		}
		case 'import': {
			const file = one(args, 'the CSV file', 'pf customers import <file.csv | ->');
			const {text, name} = readInput(file);
			const sql = await database();
			const report = await importCustomersCsv(sql, text, {reason: flags.reason ?? null, actor: flags.dryRun ? 'dry-run' : await actor(sql), via: 'csv_import', dryRun: flags.dryRun, file: name});
			if (flags.json) {
				process.stdout.write(toJson(report));
			} else {
				for (const reject of report.rejected.slice(0, 20)) say(`line ${reject.line}: "${reject.value}" skipped: ${reject.reason}`);
				if (report.rejected.length > 20) say(`… and ${report.rejected.length - 20} more rows skipped`);
				say(report.dryRun
					? `${name}: ${report.rows} rows read (domain column "${report.columns.domain}"), ${report.rejected.length} would be skipped; nothing written (--dry-run)`
					: `${name}: ${report.added} added, ${report.changed} marked customers again, ${report.unchanged} already customers, ${report.unresolvedAdded} name-only added as unresolved, ${report.rejected.length} skipped, ${report.duplicates} duplicates`);
			}
			return 0;
		}
		case 'status': {
			const domain = one(args, 'the domain', 'pf customers status <domain>');
			const sql = await database();
			const status = await customerStatus(sql, domain);
			if (flags.json) {
				process.stdout.write(toJson({domain: status.domain, effective: status.effective, decidedBy: status.decidedBy, detected: status.detected, listed: status.listed ?? null}));
			} else {
				const decision = status.listed ? `${status.listed.isCustomer ? 'customer' : 'not a customer'} (by ${status.listed.changedBy ?? status.listed.createdBy ?? status.listed.source}${status.listed.reason ? `: ${status.listed.reason}` : ''})` : 'none';
				process.stdout.write([
					`domain      ${status.domain}`,
					`customer    ${status.effective ? 'yes' : 'no'}${status.decidedBy ? ` (decided by ${status.decidedBy})` : ''}`,
					`list        ${decision}`,
					`detection   ${status.detected ? 'Algolia detected' : 'no Algolia detected'}`,
				].join('\n') + '\n');
			}
			return 0;
		}
		case 'history': {
			if (args.length > 1) throw new UsageError(`unexpected argument "${args[1]}"`, 'usage: pf customers history [<domain>]');
			const sql = await database();
			const rows = await customerHistory(sql, {domain: args[0]});
			process.stdout.write(renderList(rows, historyColumns, listFormat(flags)));
			return 0;
		}
		default:
			throw new UsageError(`unknown customers action "${action}"`, 'use one of: list, add, remove, reset, resolve, import, status, history');
	}
}
