// The baseline of bench/tui: a bare Ink app that renders "hello" and stays open (the
// bench measures the time to its first frame in a terminal, then ends it).
import React from 'react';
import {render, Text} from 'ink';

render(React.createElement(Text, null, 'hello from ink'));
setInterval(() => {}, 1000);
