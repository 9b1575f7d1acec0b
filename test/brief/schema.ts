/** The published JSON Schema of `pf brief --json`, compiled with ajv. */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {Ajv} from 'ajv';
import {repoRoot} from '../helpers/run-pf.js';

const schema = JSON.parse(readFileSync(path.join(repoRoot, 'docs', 'brief.schema.json'), 'utf8'));
const ajv = new Ajv({allErrors: true, strict: true, allowUnionTypes: true});
export const validateBrief = ajv.compile(schema);

/** Throws with ajv's errors when the document does not follow the schema. */
export function expectValidBrief(document: unknown): void {
	if (!validateBrief(document)) throw new Error(`brief does not follow docs/brief.schema.json:\n${JSON.stringify(validateBrief.errors, null, 2)}`);
}
