import { emptyTenant, GraphTenant, subscription } from "./graph-tenant";

/** A small deterministic PRNG (mulberry32), so a seed always builds the same tenant. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const e3 = "05e9a617-0261-4cee-bb44-138d3ef5d965";
const id = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

/** What a seeded tenant holds, for tests to compare discovery against. */
export interface SeededCounts {
  userMailboxes: number;
  unlicensedUserMailboxes: number;
  sharedMailboxes: number;
  licensedUsers: number;
  sites: number;
  oneDrives: number;
  groups: number;
  teams: number;
  users: number;
}

/**
 * A deterministic tenant of `users` directory users: about 4% shared mailboxes (disabled accounts
 * with mail), 3% accounts without a mailbox, 5% unlicensed mailboxes; a Unified group per 8 users
 * (half of them Teams) and a security group per 50; a site per 10 users and a OneDrive per licensed
 * mailbox user.
 */
export function seededTenant(options: { users: number; seed?: number; domain?: string; leaversAndRooms?: boolean }): {
  tenant: GraphTenant;
  counts: SeededCounts;
} {
  const rnd = random(options.seed ?? 1);
  const domain = options.domain ?? "contoso.com";
  const name = domain.split(".")[0];
  const tenant = emptyTenant("0f3a6b1e-2c4d-4e8f-9a0b-1c2d3e4f5a6b");
  tenant.sites = [];
  const counts: SeededCounts = {
    userMailboxes: 0,
    unlicensedUserMailboxes: 0,
    sharedMailboxes: 0,
    licensedUsers: 0,
    sites: 0,
    oneDrives: 0,
    groups: 0,
    teams: 0,
    users: options.users,
  };
  for (let i = 0; i < options.users; i++) {
    const r = rnd();
    const shared = r < 0.04;
    const noMailbox = !shared && r < 0.07;
    const unlicensed = !shared && !noMailbox && r < 0.12;
    const licensed = !shared && !unlicensed;
    const upn = `${shared ? "shared" : "user"}${i}@${domain}`;
    tenant.users.set(id("", i), {
      id: id("", i),
      userPrincipalName: upn,
      displayName: upn,
      accountEnabled: !shared,
      assignedLicenses: licensed ? [{ skuId: e3, disabledPlans: [] }] : [],
      memberOf: [],
      ...(noMailbox ? {} : { mail: upn }),
      version: 0,
    });
    if (licensed) counts.licensedUsers += 1;
    if (shared) counts.sharedMailboxes += 1;
    else if (!noMailbox) {
      counts.userMailboxes += 1;
      if (unlicensed) counts.unlicensedUserMailboxes += 1;
      if (licensed) {
        tenant.sites.push({
          id: `${name}-my,${id("d", i)}`,
          webUrl: `https://${name}-my.sharepoint.com/personal/user${i}_${domain.replace(/\./g, "_")}`,
          isPersonalSite: true,
        });
        counts.oneDrives += 1;
      }
    }
  }
  // Opt-in: disabled leavers whose mailbox remains (1%) and room and equipment mailboxes (0.5% each):
  // disabled members with mail that Exchange does not count as shared mailboxes.
  if (options.leaversAndRooms) {
    const extra: [string, "user" | "room" | "equipment", number][] = [
      ["leaver", "user", 0.01],
      ["room", "room", 0.005],
      ["equipment", "equipment", 0.005],
    ];
    for (const [word, purpose, share] of extra) {
      for (let i = 0; i < Math.round(options.users * share); i++) {
        const upn = `${word}${i}@${domain}`;
        const uid = id(word === "leaver" ? "7" : word === "room" ? "8" : "a", i);
        tenant.users.set(uid, {
          id: uid,
          userPrincipalName: upn,
          displayName: upn,
          accountEnabled: false,
          assignedLicenses: [],
          memberOf: [],
          mail: upn,
          mailboxPurpose: purpose,
          version: 0,
        });
      }
    }
  }
  // B2B guests (about 3%): enabled, unlicensed, their external address in mail; never mailboxes here.
  for (let i = 0; i < Math.round(options.users * 0.03); i++) {
    const upn = `guest${i}_fabrikam.com#EXT#@${domain}`;
    tenant.users.set(id("6", i), {
      id: id("6", i),
      userPrincipalName: upn,
      displayName: upn,
      accountEnabled: true,
      userType: "Guest",
      assignedLicenses: [],
      memberOf: [],
      mail: `guest${i}@fabrikam.com`,
      version: 0,
    });
  }
  for (let g = 0; g < Math.ceil(options.users / 8); g++) {
    const team = g % 2 === 0;
    tenant.groups.set(id("9", g), {
      id: id("9", g),
      displayName: `Group ${g}`,
      assignedLicenses: [],
      members: [],
      mailNickname: `group${g}`,
      groupTypes: ["Unified"],
      resourceProvisioningOptions: team ? ["Team"] : [],
      version: 0,
    });
    counts.groups += 1;
    if (team) counts.teams += 1;
  }
  for (let g = 0; g < Math.ceil(options.users / 50); g++) {
    tenant.groups.set(id("5", g), {
      id: id("5", g),
      displayName: `Security ${g}`,
      assignedLicenses: [],
      members: [],
      mailNickname: `sec${g}`,
      groupTypes: [],
      version: 0,
    });
  }
  for (let s = 0; s < Math.ceil(options.users / 10); s++) {
    tenant.sites.push({ id: `${name},${id("5e", s)}`, webUrl: `https://${name}.sharepoint.com/sites/site${s}`, isPersonalSite: false });
    counts.sites += 1;
  }
  // Microsoft 365 E3, as many bought as are assigned: SharePoint's band counts the licences purchased.
  tenant.subscribedSkus.push(subscription(e3, "SPE_E3", counts.licensedUsers, ["entraIdP1", "sharePointPlan2", "exchangePlan1"]));
  tenant.version = 0;
  tenant.removed = [];
  return { tenant, counts };
}
