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

/**
 * esbuild plugin: `crypto` and `tls` load on first use instead of at start-up. Every
 * one-liner imports postgres.js, which imports both at the top but needs them only for
 * password authentication and TLS; pf's own uses (API-key hashes, migration checksums)
 * are off the path of most commands. Loading the two costs ≈ 4–5 ms of a one-liner's
 * ≈ 50 ms above `node -e 0` (bench/startup, bench/brief). Each import of them is served
 * by a generated module whose functions load the real one (a synchronous require of a
 * builtin) when first called; a named import of a non-function fails the build.
 */
function lazyBuiltins(names) {
	const filter = new RegExp(`^(node:)?(${names.join('|')})$`);
	return {
		name: 'lazy-builtins',
		setup(builder) {
			builder.onResolve({filter}, (args) => ({path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin'}));
			builder.onLoad({filter: /.*/, namespace: 'lazy-builtin'}, async (args) => {
				const real = await import(`node:${args.path}`);
				const functions = Object.keys(real).filter((key) => key !== 'default' && typeof real[key] === 'function' && !/^[A-Z]/.test(key) && /^[A-Za-z_$][\w$]*$/.test(key));
				return {
					contents: [
						`import {createRequire} from 'node:module';`,
						`const require = createRequire(import.meta.url);`,
						`let loaded;`,
						`const load = () => (loaded ??= require('node:${args.path}'));`,
						`export default new Proxy({}, {get: (_, key) => load()[key], has: (_, key) => key in load()});`,
						...functions.map((key) => `export function ${key}(...args) { return load().${key}(...args); }`),
					].join('\n'),
					loader: 'js',
				};
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
	plugins: [lazyBuiltins(['crypto', 'tls']), externalExcept(['postgres'])],
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
