// Small helpers shared by the bench scripts: timing child processes, medians, scratch
// databases on a PostgreSQL server (DATABASE_URL or 127.0.0.1:5432).
import {spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cli = path.join(repoRoot, 'dist', 'cli.js');

export function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Wall time of one run of a command, in milliseconds. */
export function timeCommand(command, args, env = process.env) {
	const started = process.hrtime.bigint();
	const result = spawnSync(command, args, {env, stdio: ['ignore', 'ignore', 'pipe']});
	const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
	return elapsed;
}

/** Runs the commands interleaved `rounds` times (so load affects all alike); medians. */
export function compare(entries, rounds = 21) {
	const samples = entries.map(() => []);
	for (let round = 0; round < rounds; round++) {
		entries.forEach((entry, index) => samples[index].push(timeCommand(entry.command, entry.args, entry.env)));
	}
	return entries.map((entry, index) => ({name: entry.name, median: median(samples[index]), min: Math.min(...samples[index])}));
}

export function adminUrl() {
	return process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
}

export function withDatabase(url, database) {
	const parsed = new URL(url);
	parsed.pathname = `/${database}`;
	return parsed.toString();
}

/**
 * CREATE DATABASE on the admin connection, optionally from a template; retried while the
 * template is still in use by another session (55006, a clone made just before).
 */
export async function createScratchDatabase(admin, name, template) {
	for (let attempt = 0; ; attempt++) {
		try {
			if (template) await admin`create database ${admin(name)} template ${admin(template)}`;
			else await admin`create database ${admin(name)}`;
			return;
		} catch (error) {
			if (error.code !== '55006' || attempt > 50) throw error;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
}

export function scratchName(prefix) {
	return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export function printTable(rows, columns) {
	const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(row[column]).length)));
	console.log(columns.map((column, i) => column.padEnd(widths[i])).join('  '));
	for (const row of rows) console.log(columns.map((column, i) => String(row[column]).padEnd(widths[i])).join('  '));
}
