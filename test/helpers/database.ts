/**
 * A fresh, migrated database per test file, cloned from the suite's template. Use:
 *
 *   const db = await createTestDatabase();   // in beforeAll
 *   await db.sql`select …`;                   // db.url for child processes (DATABASE_URL)
 *   await db.drop();                          // in afterAll
 */
import {randomBytes} from 'node:crypto';
import postgres from 'postgres';
import {inject} from 'vitest';
import {clientOptions, type Sql} from '../../source/db/client.js';

export type TestDatabase = {sql: Sql; url: string; name: string; drop: () => Promise<void>};

function withDatabase(url: string, database: string): string {
	const parsed = new URL(url);
	parsed.pathname = `/${database}`;
	return parsed.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
	const adminUrl = inject('pfAdminUrl');
	const template = inject('pfTemplateDatabase');
	const name = `pf_t_${template.replace('pf_template_', '')}_${randomBytes(4).toString('hex')}`;
	const admin = postgres(adminUrl, {max: 1, onnotice: () => {}});
	try {
		// CREATE DATABASE … TEMPLATE fails while another session is connected to the template.
		for (let attempt = 0; ; attempt++) {
			try {
				await admin`create database ${admin(name)} template ${admin(template)}`;
				break;
			} catch (error) {
				if ((error as {code?: string}).code !== '55006' || attempt > 50) throw error;
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		}
	} finally {
		await admin.end();
	}
	const url = withDatabase(adminUrl, name);
	const sql = postgres(url, clientOptions({max: 5})) as Sql;
	return {
		sql,
		url,
		name,
		async drop() {
			await sql.end({timeout: 1});
			const again = postgres(adminUrl, {max: 1, onnotice: () => {}});
			await again`drop database if exists ${again(name)} with (force)`;
			await again.end();
		},
	};
}

/** Runs the built CLI (dist/cli.js) as a child process; returns exit code and output. */
export {runPf} from './run-pf.js';
