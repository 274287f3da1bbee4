export { KubernetesDriver, type KubernetesDriverOptions } from './kubernetes-driver.js';
export { renderManifests, replicasForWeights, type Manifest } from './kubernetes-manifests.js';
export { parseDeploymentList, parseHttpRoute } from './kubernetes-status.js';
