// Bundles source/ into dist/ with esbuild. Packages stay external (node_modules is
// there at run time); code splitting keeps the lazy imports lazy, so data commands
// never load ink or react.
import {build} from 'esbuild';
import {rm} from 'node:fs/promises';

await rm('dist', {recursive: true, force: true});
await build({
	entryPoints: ['source/cli.tsx'],
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	packages: 'external',
	jsx: 'automatic',
	sourcemap: 'linked',
	chunkNames: 'chunks/[name]-[hash]',
	banner: {js: '#!/usr/bin/env node'},
	logLevel: 'warning',
});
