export { LocalDriver, createLocalDriver, type LocalDriverOptions } from './local-driver.js';
