export { NginxDriver, type NginxDriverOptions } from './nginx-driver.js';
export {
  ServiceProcessLauncher,
  type InstanceLauncher,
  type LaunchedInstance,
  type ServiceProcessLauncherOptions,
} from './instance-launcher.js';
export { renderNginxMainConfig } from './nginx-main-config.js';
export { renderNginxInclude, type NginxRenderInput } from './render-nginx-config.js';
