/**
 * The set-up the app tests share: a seeded test database per file, the browsing
 * services on it, a scratch export directory, and `start()` rendering <App> with
 * ink-testing-library. Call `appHarness()` at the top of a test file: it registers the
 * file's hooks.
 */
import React from 'react';
import {afterAll, afterEach, beforeAll} from 'vitest';
import {render, cleanup} from 'ink-testing-library';
import {mkdtempSync, rmSync} from 'node:fs';
import {Redis} from 'ioredis';
import os from 'node:os';
import path from 'node:path';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {App} from '../../source/tui/app.js';
import {browseServices, type BrowseServices} from '../../source/services/leads.js';
import {defaultPreferences, type Preferences} from '../../source/config/preferences.js';
import {seedCompanies} from './seed.js';

export type StartOptions = {preferences?: Partial<Preferences>; colorEnabled?: boolean; services?: BrowseServices; saved?: Preferences[]; copied?: string[]};

export function appHarness() {
	const harness = {
		db: undefined as unknown as TestDatabase,
		services: undefined as unknown as BrowseServices,
		exportDir: '',
		start(options: StartOptions = {}) {
			const preferences = {...defaultPreferences(), exportDirectory: harness.exportDir, ...options.preferences};
			return render(
				<App
					services={options.services ?? harness.services}
					preferences={preferences}
					savePreferences={(next) => options.saved?.push(next)}
					colorEnabled={options.colorEnabled ?? false}
					clipboard={(text) => options.copied?.push(text)}
					tickMs={0}
				/>,
			);
		},
	};

	// `e` enqueues through the real producer: on Redis (REDIS_URL, as in CI) its jobs go
	// under a prefix of this file's own, removed at the end, not into the default queue.
	const queuePrefix = `pf-tui-${process.pid}`;

	beforeAll(async () => {
		process.env.PF_QUEUE_PREFIX = queuePrefix;
		harness.db = await createTestDatabase();
		await seedCompanies(harness.db.sql, {extra: 250});
		harness.services = browseServices(harness.db.sql);
		harness.exportDir = mkdtempSync(path.join(os.tmpdir(), 'pf-tui-export-'));
	});

	afterAll(async () => {
		await harness.db?.drop();
		if (process.env.REDIS_URL) {
			const redis = new Redis(process.env.REDIS_URL, {lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null});
			try {
				await redis.connect();
				const keys = await redis.keys(`${queuePrefix}:*`);
				if (keys.length > 0) await redis.del(...keys);
			} catch {
				// No Redis here: nothing was queued on it.
			} finally {
				redis.disconnect();
			}
		}
		if (harness.exportDir) rmSync(harness.exportDir, {recursive: true, force: true});
	});

	afterEach(() => cleanup());

	return harness;
}
