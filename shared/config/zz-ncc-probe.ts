import { embeddedDefaultConfig } from './index.js';
console.log(Object.keys(embeddedDefaultConfig().config.environments));
