import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The built main bundle the harness runs. */
export const MAIN_BUNDLE = path.join(REPO_ROOT, 'out/main/index.js');
export const PRELOAD_BUNDLE = path.join(REPO_ROOT, 'out/preload/index.cjs');
export const RENDERER_INDEX = path.join(REPO_ROOT, 'out/renderer/index.html');
/** Screenshots of the e2e journeys. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results/e2e');
/**
 * The real Y Combinator list (../shared beside the repo). Data: Alice Corona, github.com/ali-ce/datasets,
 * CC BY-SA 4.0.
 */
export const STARTUPS_CSV = path.resolve(REPO_ROOT, '../shared/datasets/companies/ali-ce_yc-startups-2014/Startups.csv');
