/**
 * Which vendor operations this module may call. CloudAlly's public partner API (docs/cloudally-api.openapi.yaml,
 * `x-source: confirmed`) offers sign-in and reads only; everything that writes (tasks, settings, pause, delete,
 * activation) is this project's contract, which no real endpoint implements yet. A stack states what its
 * vendor offers with vendorApi.capabilities; when the vendor confirms more, that is a switch, not a rewrite.
 */

/** Every operation the client can make, by the name errors and the emulator's call log use. */
export const vendorOperations = [
  // The public partner API.
  "authenticate",
  "refreshToken",
  "listPartnerTasks",
  "listPartnerStatuses",
  // The contract only.
  "listTasks",
  "getTask",
  "createTask",
  "updateTask",
  "pauseTask",
  "resumeTask",
  "deleteTask",
  "listEntities",
  "activateEntities",
  "dailyStatus",
] as const;
export type VendorOperation = (typeof vendorOperations)[number];

/** What the public partner API offers: sign-in and the partner reads. */
export const publicOperations: readonly VendorOperation[] = ["authenticate", "refreshToken", "listPartnerTasks", "listPartnerStatuses"];

export const vendorCapabilityLevels = ["public", "contract"] as const;
export type VendorCapabilities = (typeof vendorCapabilityLevels)[number];

/** The operations a capability level allows: public is the published API; contract adds every contract operation. */
export function offeredOperations(level: VendorCapabilities): ReadonlySet<VendorOperation> {
  return new Set(level === "public" ? publicOperations : vendorOperations);
}

/** A call outside what the vendor offers: a defect in the module, never sent. */
export class OperationNotOffered extends Error {
  constructor(readonly operation: VendorOperation) {
    super(
      `The backup vendor API of this stack does not offer ${operation} (vendorApi.capabilities is public: CloudAlly's published partner API signs in and reads). ` +
        "Nothing was sent. This is a defect in the module; report it with this message.",
    );
    this.name = "OperationNotOffered";
  }
}
