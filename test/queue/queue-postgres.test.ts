import {describe} from 'vitest';
import {queueFlow} from './queue-flow.js';
import {testSettings} from './helpers.js';

// BullMQ's PostgreSQL backend, in the test file's own database (schema bullmq).
describe('enrichment queue on the PostgreSQL backend', () => {
	queueFlow({settings: () => testSettings()});
});
