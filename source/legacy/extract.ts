/**
 * Opening a legacy file safely: it must exist, be an intact SQLite database, and be a
 * PartnerForge database (a `displacement_targets` table with a `domain` column). Any
 * of these failing is bad input (exit 2) and nothing is written. The file is opened
 * read-only and never modified.
 */
import {createHash} from 'node:crypto';
import {createReadStream, openSync, readSync, closeSync, statSync} from 'node:fs';
import path from 'node:path';
import {UsageError} from '../errors.js';
import {legacyQuickCheck, legacySchema, openLegacyDatabase, type LegacyDatabase} from '../db/legacy-sqlite.js';
import {LEGACY_TABLES, type LegacyTableName} from './tables.js';

export type LegacyFile = {
	path: string;
	bytes: number;
	sha256: string;
	db: LegacyDatabase;
	/** Tables of the import's list present in the file, with their columns. */
	tables: Map<LegacyTableName, string[]>;
	/** Optional tables the file lacks, and columns a present table lacks (read as null). */
	missingTables: LegacyTableName[];
	missingColumns: {table: LegacyTableName; columns: string[]}[];
	/** Tables in the file that the import does not know (reported, not read). */
	unknownTables: string[];
};

const sqliteMagic = Buffer.from('SQLite format 3\u0000', 'latin1');

function readHeader(file: string): Buffer {
	const fd = openSync(file, 'r');
	try {
		const header = Buffer.alloc(100);
		const read = readSync(fd, header, 0, 100, 0);
		return header.subarray(0, read);
	} finally {
		closeSync(fd);
	}
}

async function sha256(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

/** Validates and opens a legacy file; throws UsageError (exit 2) naming what is wrong. */
export async function openLegacyFile(file: string): Promise<LegacyFile> {
	const resolved = path.resolve(file);
	let stat;
	try {
		stat = statSync(resolved);
	} catch {
		throw new UsageError(`${file}: no such file`, 'give the path of the legacy PartnerForge SQLite file (e.g. partnerforge.db)');
	}
	if (!stat.isFile()) throw new UsageError(`${file} is not a file`, 'give the path of the legacy PartnerForge SQLite file');
	const header = readHeader(resolved);
	if (header.length < 100 || !header.subarray(0, 16).equals(sqliteMagic)) {
		throw new UsageError(`${file} is not an SQLite database`, 'pf import reads the legacy PartnerForge SQLite file (partnerforge.db)');
	}
	// The header records the page size and the page count: a shorter file was cut off.
	const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
	const pageCount = header.readUInt32BE(28);
	const validFor = header.readUInt32BE(92);
	const changeCounter = header.readUInt32BE(24);
	if (stat.size % pageSize !== 0 || (pageCount > 0 && validFor === changeCounter && stat.size < pageCount * pageSize)) {
		throw new UsageError(`${file} is truncated: ${stat.size} bytes, the SQLite header promises ${pageCount * pageSize}`, 'copy the file again from its source; a partial download or copy cannot be imported');
	}
	let db: LegacyDatabase;
	try {
		db = openLegacyDatabase(resolved);
	} catch (error) {
		throw new UsageError(`${file} cannot be opened as an SQLite database: ${(error as Error).message}`, 'check that the file is a complete copy of the legacy database');
	}
	try {
		const check = legacyQuickCheck(db);
		if (check !== 'ok') throw new UsageError(`${file} is damaged: SQLite reports "${check}"`, 'copy the file again from its source');
		const schema = legacySchema(db);
		const targets = schema.get('displacement_targets');
		if (!targets || !targets.includes('domain')) {
			throw new UsageError(
				`${file} is an SQLite database but not a PartnerForge one (no displacement_targets table with a domain column)`,
				'pf import reads the legacy PartnerForge database (partnerforge.db); nothing was imported',
			);
		}
		const tables = new Map<LegacyTableName, string[]>();
		const missingTables: LegacyTableName[] = [];
		const missingColumns: {table: LegacyTableName; columns: string[]}[] = [];
		for (const spec of LEGACY_TABLES) {
			const columns = schema.get(spec.name);
			if (!columns) {
				missingTables.push(spec.name);
				continue;
			}
			const absentRequired = spec.required.filter((column) => !columns.includes(column));
			if (absentRequired.length > 0) {
				throw new UsageError(`${file}: table ${spec.name} lacks the column(s) ${absentRequired.join(', ')} that every row needs`, 'this does not look like a PartnerForge legacy export; nothing was imported');
			}
			tables.set(spec.name, columns);
			const absent = spec.columns.filter((column) => !columns.includes(column));
			if (absent.length > 0) missingColumns.push({table: spec.name, columns: absent});
		}
		const known = new Set<string>(LEGACY_TABLES.map((spec) => spec.name));
		const unknownTables = [...schema.keys()].filter((name) => !known.has(name));
		return {path: resolved, bytes: stat.size, sha256: await sha256(resolved), db, tables, missingTables, missingColumns, unknownTables};
	} catch (error) {
		db.close();
		if (error instanceof UsageError) throw error;
		throw new UsageError(`${file} cannot be read as an SQLite database: ${(error as Error).message}`, 'check that the file is a complete copy of the legacy database');
	}
}
