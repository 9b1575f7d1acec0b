import {describe} from 'vitest';
import {queueFlow} from './queue-flow.js';
import {dropRedisPrefix, redisReachable, redisUrl, testSettings, uniquePrefix} from './helpers.js';

const reachable = await redisReachable();
const prefix = uniquePrefix('flow');

describe.skipIf(!reachable)(`enrichment queue on Redis (skipped: ${redisUrl ? `${redisUrl} is unreachable` : 'REDIS_URL is not set'})`, () => {
	queueFlow({settings: () => testSettings({redis: redisUrl!, prefix}), cleanup: () => dropRedisPrefix(redisUrl!, prefix)});
});
