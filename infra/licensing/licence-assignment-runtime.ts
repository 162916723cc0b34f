import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { credentialFromEnvironment } from "../azure/credential";
import { createGraphClient, graphBaseUrl } from "../graph/graph-client";
import { checkAgainst } from "../dynamic/dynamic-check";
import { GraphRequestError } from "../graph/graph-request";
import { GraphLicensingClient, LicensedUser, SubscribedSku } from "./graph-licensing-client";

/**
 * What the LicenceAssignment dynamic provider does, loaded by the provider at run time in the
 * dynamic-provider host. User mode assigns and removes SKUs with assignLicense; group mode makes the
 * account a direct member of a licensing group. Only the SKUs this resource manages are ever removed.
 */

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: "must be a GUID (an Entra ID object id)" });

const inputsSchema = z
  .object({
    userObjectId: guid,
    userPrincipalName: z
      .string()
      .regex(/^[^@\s]+@[^@\s]+$/, { message: "must be a user principal name such as exchange_backup@contoso.com" }),
    skuPartNumbers: z
      .array(z.string().regex(/^[A-Z0-9_]{2,64}$/, { message: "must be a SKU part number as GET /subscribedSkus lists it, e.g. SPE_E3" }))
      .max(5),
    mode: z.enum(["user", "group"]),
    groupObjectId: guid.optional(),
  })
  .superRefine((i, ctx) => {
    if (i.mode === "group" && i.groupObjectId === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["groupObjectId"],
        message: "is required when mode is group: give the object id of the licensing group (accounts.licensing.groupObjectId)",
      });
    }
    if (i.mode === "user" && i.groupObjectId !== undefined) {
      ctx.addIssue({ code: "custom", path: ["groupObjectId"], message: "is only used when mode is group: remove it or set mode to group" });
    }
  });
export type LicenceAssignmentInputs = z.infer<typeof inputsSchema>;

export interface LicenceAssignmentOutputs extends LicenceAssignmentInputs {
  /** SKU id per part number, kept so removal works even after a subscription disappears from subscribedSkus. */
  skuIds: Record<string, string>;
  /** Group mode: whether the account is a direct member of the licensing group (false after someone removed it). */
  groupMember?: boolean;
}

type Props = Record<string, unknown>;

let licensing: GraphLicensingClient | undefined;
function client(): GraphLicensingClient {
  // One client per host process: the credential caches its token across calls.
  licensing ??= new GraphLicensingClient(createGraphClient({ credential: credentialFromEnvironment() }));
  return licensing;
}

export function check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  return Promise.resolve(checkAgainst(inputsSchema, news));
}

/** The inputs as state holds them (checked when they were set). */
function inputsOf(props: Props): LicenceAssignmentInputs {
  return {
    userObjectId: String(props.userObjectId),
    userPrincipalName: String(props.userPrincipalName),
    skuPartNumbers: Array.isArray(props.skuPartNumbers) ? props.skuPartNumbers.map(String) : [],
    mode: props.mode === "group" ? "group" : "user",
    ...(typeof props.groupObjectId === "string" ? { groupObjectId: props.groupObjectId } : {}),
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export async function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  const o = inputsOf(olds);
  const n = inputsOf(news);
  // Another user or another group is another assignment; the SKU list itself is changed in place.
  const replaces = (["userObjectId", "mode", "groupObjectId"] as const).filter((k) => o[k] !== n[k]);
  const drifted = o.mode === "group" && olds.groupMember === false;
  const changes =
    replaces.length > 0 || drifted || o.userPrincipalName !== n.userPrincipalName || !sameSet(o.skuPartNumbers, n.skuPartNumbers);
  return { changes, replaces, deleteBeforeReplace: false };
}

function freeUnits(sku: SubscribedSku): number {
  return sku.prepaidUnits.enabled - sku.consumedUnits;
}

function noFreeUnits(sku: SubscribedSku, upn: string): Error {
  return new Error(
    `Licence ${sku.skuPartNumber} cannot be assigned to ${upn}: the tenant has no free units (${sku.consumedUnits} of ${sku.prepaidUnits.enabled} consumed). ` +
      `Fix: buy or free one ${sku.skuPartNumber} unit in the Microsoft 365 admin center, or set accounts.licensing.skus to a SKU with free units, then run pulumi up again.`,
  );
}

function resolveSkus(subscribed: SubscribedSku[], partNumbers: string[], upn: string): SubscribedSku[] {
  return partNumbers.map((part) => {
    const sku = subscribed.find((s) => s.skuPartNumber.toUpperCase() === part.toUpperCase());
    if (!sku) {
      const known = subscribed.map((s) => s.skuPartNumber).join(", ") || "none";
      throw new Error(
        `Licence ${part} for ${upn} is not subscribed in this tenant (subscribed: ${known}). Fix: set accounts.licensing.skus to one of the subscribed part numbers.`,
      );
    }
    return sku;
  });
}

async function requireUser(upn: string, userObjectId: string): Promise<LicensedUser> {
  const user = await client().user(userObjectId);
  if (!user)
    throw new Error(
      `User ${upn} (${userObjectId}) does not exist in the tenant. Fix: run pulumi refresh so the backup account is recreated, then pulumi up.`,
    );
  return user;
}

/** Assigns the SKUs the user lacks, checking free units first so the error names the SKU and the fix. */
async function assignMissing(user: LicensedUser, skus: SubscribedSku[], upn: string, removeSkuIds: string[] = []): Promise<void> {
  const has = new Set(user.assignedLicenses.map((l) => l.skuId));
  const missing = skus.filter((s) => !has.has(s.skuId));
  const removals = removeSkuIds.filter((id) => has.has(id));
  if (missing.length === 0 && removals.length === 0) return;
  if (missing.length > 0 && !user.usageLocation) {
    throw new Error(
      `${upn} has no usageLocation, and Microsoft refuses licences without one. Fix: set accounts.usageLocation (e.g. US) and run pulumi up again.`,
    );
  }
  for (const sku of missing) if (freeUnits(sku) <= 0) throw noFreeUnits(sku, upn);
  try {
    await client().assignLicense(
      user.id,
      missing.map((s) => s.skuId),
      removals,
    );
  } catch (e) {
    // Someone took the last unit between the check and the call.
    const racing = missing.find(
      (s) => e instanceof GraphRequestError && e.message.includes(s.skuId) && /available licenses/i.test(e.message),
    );
    if (racing) throw noFreeUnits({ ...racing, consumedUnits: racing.prepaidUnits.enabled }, upn);
    throw e;
  }
}

/**
 * The group must carry the SKUs, must not be able to hold or hold any directory role (membership of a
 * role-assignable group is a role grant by another name), and joining must not push a SKU over its
 * units (the licence would land in an error state). Checked before every join and every change.
 */
async function verifyGroup(groupObjectId: string, skus: SubscribedSku[], user: LicensedUser, upn: string): Promise<void> {
  const group = await client().group(groupObjectId);
  if (!group)
    throw new Error(
      `Licensing group ${groupObjectId} does not exist. Fix: set accounts.licensing.groupObjectId to the object id of an existing group.`,
    );
  const roles = await client().roleAssignmentsOf(groupObjectId);
  if (group.isAssignableToRole === true || roles.length > 0) {
    throw new Error(
      `Licensing group ${group.displayName ?? groupObjectId} ${roles.length > 0 ? `holds ${roles.length} directory role assignment(s) (${roles.map((r) => r.roleDefinitionId).join(", ")})` : "is role-assignable"}: its members would get more than licences. Nothing was changed. Fix: use a group made only for licensing (not role-assignable, holding no role) in accounts.licensing.groupObjectId.`,
    );
  }
  const carried = new Set(group.assignedLicenses.map((l) => l.skuId));
  const absent = skus.filter((s) => !carried.has(s.skuId));
  if (absent.length > 0) {
    throw new Error(
      `Licensing group ${group.displayName ?? groupObjectId} does not carry ${absent.map((s) => s.skuPartNumber).join(", ")} needed by ${upn}. Fix: assign the licence to the group in the Microsoft 365 admin center, or change accounts.licensing.skus.`,
    );
  }
  const held = new Set(user.assignedLicenses.map((l) => l.skuId));
  for (const sku of skus) if (!held.has(sku.skuId) && freeUnits(sku) <= 0) throw noFreeUnits(sku, upn);
}

function outputs(inputs: LicenceAssignmentInputs, skus: SubscribedSku[], groupMember?: boolean): LicenceAssignmentOutputs {
  return {
    ...inputs,
    skuIds: Object.fromEntries(skus.map((s) => [s.skuPartNumber, s.skuId])),
    ...(groupMember === undefined ? {} : { groupMember }),
  };
}

function resourceId(i: LicenceAssignmentInputs): string {
  return i.mode === "group" ? `${i.groupObjectId}/members/${i.userObjectId}` : `${i.userObjectId}/licenses`;
}

export async function create(props: Props): Promise<pulumi.dynamic.CreateResult> {
  const inputs = inputsOf(props);
  const skus = resolveSkus(await client().subscribedSkus(), inputs.skuPartNumbers, inputs.userPrincipalName);
  const user = await requireUser(inputs.userPrincipalName, inputs.userObjectId);
  if (inputs.mode === "group") {
    const group = inputs.groupObjectId!;
    await verifyGroup(group, skus, user, inputs.userPrincipalName);
    if (!(await client().isDirectMember(group, user.id))) await client().addMember(group, user.id, graphBaseUrl());
    return { id: resourceId(inputs), outs: outputs(inputs, skus, true) };
  }
  await assignMissing(user, skus, inputs.userPrincipalName);
  return { id: resourceId(inputs), outs: outputs(inputs, skus) };
}

export async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const state = inputsOf(props);
  const skuIds = (props.skuIds ?? {}) as Record<string, string>;
  const user = await client().user(state.userObjectId);
  // The account is gone, and its licences with it.
  if (!user) return { id: "", props: {} };
  if (state.mode === "group") {
    const member = await client().isDirectMember(state.groupObjectId!, user.id);
    return { id, props: { ...props, groupMember: member } };
  }
  const has = new Set(user.assignedLicenses.map((l) => l.skuId));
  // Drift shows as the managed SKUs that are still assigned; the next up puts the missing ones back.
  const stillAssigned = state.skuPartNumbers.filter((p) => skuIds[p] !== undefined && has.has(skuIds[p]));
  return { id, props: { ...props, skuPartNumbers: stillAssigned } };
}

export async function update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  const before = inputsOf(olds);
  const after = inputsOf(news);
  const subscribed = await client().subscribedSkus();
  const skus = resolveSkus(subscribed, after.skuPartNumbers, after.userPrincipalName);
  const user = await requireUser(after.userPrincipalName, after.userObjectId);
  if (after.mode === "group") {
    await verifyGroup(after.groupObjectId!, skus, user, after.userPrincipalName);
    if (!(await client().isDirectMember(after.groupObjectId!, user.id)))
      await client().addMember(after.groupObjectId!, user.id, graphBaseUrl());
    return { outs: outputs(after, skus, true) };
  }
  const oldSkuIds = { ...((olds.skuIds ?? {}) as Record<string, string>) };
  for (const s of subscribed) oldSkuIds[s.skuPartNumber] ??= s.skuId;
  // Remove only what this resource managed and no longer wants; licences assigned by others stay.
  const dropped = Object.keys((olds.skuIds ?? {}) as Record<string, string>)
    .concat(before.skuPartNumbers)
    .filter((p) => !after.skuPartNumbers.includes(p))
    .map((p) => oldSkuIds[p])
    .filter((x): x is string => typeof x === "string" && !skus.some((s) => s.skuId === x));
  await assignMissing(user, skus, after.userPrincipalName, [...new Set(dropped)]);
  return { outs: outputs(after, skus) };
}

export async function remove(_id: string, props: Props): Promise<void> {
  const state = inputsOf(props);
  if (state.mode === "group") {
    await client().removeMember(state.groupObjectId!, state.userObjectId);
    return;
  }
  const user = await client().user(state.userObjectId);
  if (!user) return;
  const managed = Object.values((props.skuIds ?? {}) as Record<string, string>);
  const assigned = managed.filter((id) => user.assignedLicenses.some((l) => l.skuId === id));
  if (assigned.length > 0) await client().assignLicense(user.id, [], assigned);
}
