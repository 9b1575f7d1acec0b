/** The current one-line notice (results of actions), shown above the footer. */
import {createContext} from 'react';
import type {Notice} from './components/footer.js';

export const NoticeContext = createContext<{notice: Notice | undefined}>({notice: undefined});
