/* The action's entry (dist/index.js): run on the detected host, then exit with the outcome's code. */
import { detectActionHost } from './hosts/detect.js';
import { runAction } from './main.js';
import { defaultWiring } from './wiring.js';

const result = await runAction(detectActionHost(), defaultWiring);
process.exitCode = result.exitCode;
