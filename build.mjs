// Bundles source/ into dist/ with esbuild. Packages stay external (node_modules is
// there at run time); code splitting keeps the lazy imports lazy, so data commands
// never load ink or react.
import {build} from 'esbuild';
import {rename, rm} from 'node:fs/promises';

/** esbuild plugin: every bare import is external except the named packages. */
function externalExcept(inlined) {
	return {
		name: 'external-except',
		setup(builder) {
			builder.onResolve({filter: /^[^./]/}, (args) => {
				const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
				if (args.path.startsWith('node:') || !inlined.includes(name)) return {path: args.path, external: true};
				return undefined;
			});
		},
	};
}

// Build beside dist/ and swap it in, so a pf process (or test) running from dist/ while
// another build runs never sees a half-written tree.
const staging = `dist.tmp-${process.pid}`;
await rm(staging, {recursive: true, force: true});
await build({
	entryPoints: ['source/cli.tsx'],
	outdir: staging,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	// Packages stay external (node_modules is there at run time) except postgres.js,
	// which every data one-liner loads: inlined, it skips ~10 module resolutions.
	plugins: [externalExcept(['postgres'])],
	jsx: 'automatic',
	sourcemap: 'linked',
	chunkNames: 'chunks/[name]-[hash]',
	banner: {js: '#!/usr/bin/env node'},
	logLevel: 'warning',
});

const old = `dist.old-${process.pid}`;
await rename('dist', old).catch(() => {});
await rename(staging, 'dist');
await rm(old, {recursive: true, force: true});
