/** Helpers for ink-testing-library tests of the app: wait for a frame, send keys. */
import {expect} from 'vitest';

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	pageDown: '\u001B[6~',
	pageUp: '\u001B[5~',
	home: '\u001B[H',
	end: '\u001B[F',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	backspace: '\u007F',
	ctrlC: '\u0003',
	ctrlD: '\u0004',
};

/** Polls `lastFrame()` until `check` holds (or fails with the last frame shown). */
export async function waitForFrame(lastFrame: () => string | undefined, check: (frame: string) => boolean, timeoutMs = 15_000): Promise<string> {
	const started = Date.now();
	for (;;) {
		const frame = lastFrame() ?? '';
		if (check(frame)) return frame;
		if (Date.now() - started > timeoutMs) {
			expect.fail(`frame never matched within ${timeoutMs} ms; last frame:\n${frame}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 15));
	}
}

export const contains = (text: string) => (frame: string) => frame.includes(text);

/** Writes keys one at a time with a tick between (Ink reads each as a key press). */
export async function press(stdin: {write: (data: string) => void}, ...sequence: string[]): Promise<void> {
	for (const key of sequence) {
		stdin.write(key);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Polls until `check()` is true (effects such as saving preferences run after the frame). */
export async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > timeoutMs) expect.fail('condition never became true');
		await new Promise((resolve) => setTimeout(resolve, 15));
	}
}
