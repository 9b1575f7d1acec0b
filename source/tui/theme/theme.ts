/**
 * Colour themes. `default` uses the terminal's own palette (named ANSI colours, so a
 * terminal theme still applies), `light` avoids yellow/white text that vanishes on a
 * light background, `mono` has no colour at all (selection by inverse video): it is
 * forced by NO_COLOR, TERM=dumb and --no-color.
 */
export type ThemeName = 'default' | 'light' | 'mono';

export type Theme = {
	name: ThemeName;
	/** Undefined colour: the terminal's default foreground. */
	accent: string | undefined;
	muted: string | undefined;
	good: string | undefined;
	warn: string | undefined;
	bad: string | undefined;
	partner: string | undefined;
	competitor: string | undefined;
	mark: string | undefined;
	/** Selected row: background colour, or inverse when undefined. */
	selectedBackground: string | undefined;
	selectedForeground: string | undefined;
	dimMuted: boolean;
};

const THEMES: Record<ThemeName, Theme> = {
	default: {name: 'default', accent: 'cyan', muted: 'gray', good: 'green', warn: 'yellow', bad: 'red', partner: 'magenta', competitor: 'yellow', mark: 'yellow', selectedBackground: 'blue', selectedForeground: 'white', dimMuted: false},
	light: {name: 'light', accent: 'blue', muted: 'gray', good: 'green', warn: 'magenta', bad: 'red', partner: 'blue', competitor: 'magenta', mark: 'magenta', selectedBackground: 'cyan', selectedForeground: 'black', dimMuted: false},
	mono: {name: 'mono', accent: undefined, muted: undefined, good: undefined, warn: undefined, bad: undefined, partner: undefined, competitor: undefined, mark: undefined, selectedBackground: undefined, selectedForeground: undefined, dimMuted: true},
};

/** The theme to use: mono whenever colour is off, else the preference. */
export function resolveTheme(preference: ThemeName, colorEnabled: boolean): Theme {
	return colorEnabled ? THEMES[preference] : THEMES.mono;
}

/** Whether colour is off for the app (NO_COLOR non-empty, TERM=dumb, --no-color). */
export function colorDisabledByEnvironment(env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
	return noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb';
}
