/**
 * Prepares a PostgreSQL server for the suite: the one named by DATABASE_URL, or the
 * embedded server (in a throw-away data directory unless PF_TEST_DATA_DIR is set).
 * A template database is migrated once; each test file clones it (createTestDatabase),
 * so files run in parallel without seeing each other's rows.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type {TestProject} from 'vitest/node';
import {ensureEmbeddedServer, stopEmbeddedServer, embeddedUser} from '../../source/db/embedded.js';
import {migrate} from '../../source/db/migrate.js';
import type {Sql} from '../../source/db/client.js';
import {redisReachable, redisUrl} from '../queue/helpers.js';

declare module 'vitest' {
	export interface ProvidedContext {
		pfAdminUrl: string;
		pfTemplateDatabase: string;
		pfServerKind: 'url' | 'embedded';
	}
}

export default async function setup(project: TestProject) {
	let adminUrl: string;
	let cleanup = async () => {};
	if (process.env.DATABASE_URL) {
		adminUrl = process.env.DATABASE_URL;
	} else {
		const keep = process.env.PF_TEST_DATA_DIR;
		// The server runs as `postgres` when we are root: /tmp is reachable, /root is not.
		const dataDir = keep ?? mkdtempSync(path.join(os.tmpdir(), 'pf-test-pg-'));
		const server = await ensureEmbeddedServer(dataDir);
		adminUrl = `postgres://${embeddedUser}@${server.host}:${server.port}/postgres`;
		cleanup = async () => {
			if (!keep) {
				await stopEmbeddedServer(dataDir);
				rmSync(dataDir, {recursive: true, force: true});
			}
		};
	}
	const template = `pf_template_${process.pid}`;
	const admin = postgres(adminUrl, {max: 1, onnotice: () => {}});
	await admin`drop database if exists ${admin(template)}`;
	await admin`create database ${admin(template)}`;
	const templateUrl = withDatabase(adminUrl, template);
	const sql = postgres(templateUrl, {max: 1, onnotice: () => {}});
	await migrate(sql as unknown as Sql);
	await sql.end();
	project.provide('pfAdminUrl', adminUrl);
	project.provide('pfTemplateDatabase', template);
	project.provide('pfServerKind', process.env.DATABASE_URL ? 'url' : 'embedded');
	// The Redis-backend tests skip themselves without a Redis; say so once, with why,
	// where the default reporter shows it (it does not print a skipped suite's name).
	// (Each project runs this setup: the note is written once per run.)
	const noted = globalThis as {pfRedisNoted?: boolean};
	if (!noted.pfRedisNoted && !(await redisReachable())) {
		noted.pfRedisNoted = true;
		process.stderr.write(`pf tests: the Redis-backend tests are skipped: ${redisUrl ? `${redisUrl} is unreachable` : 'REDIS_URL is not set'} (CI sets REDIS_URL)\n`);
	}
	return async () => {
		// Drop what the files left behind (a crashed file cannot drop its own database).
		const leftovers = await admin<{datname: string}[]>`select datname from pg_database where datname like ${`pf_t_${process.pid}_%`} or datname = ${template}`;
		for (const {datname} of leftovers) {
			await admin`drop database if exists ${admin(datname)} with (force)`.catch(() => {});
		}
		await admin.end();
		await cleanup();
	};
}

export function withDatabase(url: string, database: string): string {
	const parsed = new URL(url);
	parsed.pathname = `/${database}`;
	return parsed.toString();
}
