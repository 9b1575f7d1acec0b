import {defineConfig} from 'vitest/config';

// Two suites: `unit` (npm test) is self-contained — its fixtures are written by us
// under test/ and it needs only PostgreSQL (DATABASE_URL or the embedded server) and,
// for the Redis path, REDIS_URL. `corpus` (npm run test:corpus) checks the code against
// ../shared: the real legacy database and the real API recordings.
export default defineConfig({
	test: {
		globalSetup: ['test/helpers/global-setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks',
		// vitest runs cores − 1 = one file at a time on the 2-core CI machine, but the files
		// mostly wait on PostgreSQL, Redis and child pf processes: four at once keep both
		// cores busy (each file has its own database, so they cannot see each other).
		maxWorkers: 4,
		// Tests that drive child processes and workers have timing windows; with four files
		// sharing two cores a rare one can lose a race. A failed test runs once more and is
		// reported as flaky — a flaky test is a bug to fix, the retry only keeps CI honest
		// about real failures (a test that fails twice still fails the run).
		retry: 1,
		projects: [
			{extends: true, test: {name: 'unit', include: ['test/**/*.test.{ts,tsx}'], exclude: ['test/corpus/**', 'node_modules/**']}},
			{extends: true, test: {name: 'corpus', include: ['test/corpus/**/*.test.{ts,tsx}']}},
		],
	},
});
