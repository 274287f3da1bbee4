/**
 * Minimal JSON schemas for the fields the Kubernetes API server requires (and a few this driver
 * relies on) in apps/v1 Deployment, v1 Service and gateway.networking.k8s.io/v1 HTTPRoute.
 * Not the full OpenAPI: enough to catch a missing selector, a bad port or a weight out of range.
 */
const name = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
const labels = {
  type: 'object',
  additionalProperties: { type: 'string', pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$', maxLength: 63 },
};
const metadata = {
  type: 'object',
  required: ['name', 'namespace'],
  properties: {
    name,
    namespace: name,
    labels,
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};
const port = { type: 'integer', minimum: 1, maximum: 65535 };

export const deploymentSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'apps/v1' },
    kind: { const: 'Deployment' },
    metadata,
    spec: {
      type: 'object',
      required: ['selector', 'template', 'replicas'],
      properties: {
        replicas: { type: 'integer', minimum: 0 },
        selector: { type: 'object', required: ['matchLabels'], properties: { matchLabels: labels } },
        template: {
          type: 'object',
          required: ['metadata', 'spec'],
          properties: {
            metadata: { type: 'object', required: ['labels'], properties: { labels } },
            spec: {
              type: 'object',
              required: ['containers'],
              properties: {
                containers: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    required: ['name', 'image'],
                    properties: {
                      name,
                      image: { type: 'string', minLength: 1 },
                      ports: {
                        type: 'array',
                        items: { type: 'object', required: ['containerPort'], properties: { containerPort: port } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

export const serviceSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'v1' },
    kind: { const: 'Service' },
    metadata,
    spec: {
      type: 'object',
      required: ['selector', 'ports'],
      properties: {
        selector: labels,
        ports: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['port'],
            properties: {
              port,
              targetPort: { type: ['integer', 'string'] },
              protocol: { enum: ['TCP', 'UDP', 'SCTP'] },
            },
          },
        },
      },
    },
  },
} as const;

export const httpRouteSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'gateway.networking.k8s.io/v1' },
    kind: { const: 'HTTPRoute' },
    metadata,
    spec: {
      type: 'object',
      required: ['parentRefs', 'rules'],
      properties: {
        parentRefs: { type: 'array', minItems: 1, maxItems: 32, items: { type: 'object', required: ['name'] } },
        rules: {
          type: 'array',
          minItems: 1,
          maxItems: 16,
          items: {
            type: 'object',
            properties: {
              matches: {
                type: 'array',
                maxItems: 64,
                items: {
                  type: 'object',
                  properties: {
                    path: {
                      type: 'object',
                      required: ['type', 'value'],
                      properties: { type: { enum: ['Exact', 'PathPrefix', 'RegularExpression'] } },
                    },
                    headers: {
                      type: 'array',
                      maxItems: 16,
                      items: {
                        type: 'object',
                        required: ['name', 'value'],
                        properties: {
                          type: { enum: ['Exact', 'RegularExpression'] },
                          name: {
                            type: 'string',
                            pattern: "^[A-Za-z0-9!#$%&'*+\\-.^_\\x60|~]+$",
                            minLength: 1,
                            maxLength: 256,
                          },
                          value: { type: 'string', minLength: 1, maxLength: 4096 },
                        },
                      },
                    },
                  },
                },
              },
              backendRefs: {
                type: 'array',
                maxItems: 16,
                items: {
                  type: 'object',
                  required: ['name', 'port'],
                  properties: { name, port, weight: { type: 'integer', minimum: 0, maximum: 1000000 } },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
