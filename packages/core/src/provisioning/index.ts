export type { ProvisionedKind, ProvisioningFailure, ProvisioningRunState } from "../db/schema.ts";
export {
  type ProvisionedResource,
  type ProvisioningRun,
  resourceKey,
} from "./provisioning.repository.ts";
export { ProvisioningService, type ProvisioningSnapshot } from "./provisioning.service.ts";
