import * as pulumi from "@pulumi/pulumi";
import { licenceAssignmentProvider } from "../infra/providers/licence-assignment-provider";

export interface LicenceAssignmentArgs {
  /** Object id of the backup account. */
  readonly userObjectId: pulumi.Input<string>;
  /** UPN of the backup account, for readable errors. */
  readonly userPrincipalName: pulumi.Input<string>;
  /** SKU part numbers (as GET /subscribedSkus lists them) the account holds; in group mode, the SKUs the group must carry. */
  readonly skuPartNumbers: pulumi.Input<pulumi.Input<string>[]>;
  /** user: assignLicense on the account; group: the account joins a licensing group. */
  readonly mode: pulumi.Input<"user" | "group">;
  /** Object id of the licensing group, for mode group. */
  readonly groupObjectId?: pulumi.Input<string>;
}

/**
 * Licences of one backup account through Microsoft Graph (the azuread provider cannot assign
 * licences). Type token `pulumi-nodejs:dynamic/m365-backup:LicenceAssignment`.
 */
export class LicenceAssignment extends pulumi.dynamic.Resource {
  /** SKU id per part number as resolved in the tenant. */
  declare public readonly skuIds: pulumi.Output<Record<string, string>>;
  /** The managed SKUs still assigned (after refresh: fewer than asked when someone removed one by hand). */
  declare public readonly skuPartNumbers: pulumi.Output<string[]>;

  constructor(name: string, args: LicenceAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(licenceAssignmentProvider, name, { skuIds: undefined, ...args }, opts, "m365-backup", "LicenceAssignment");
  }
}
