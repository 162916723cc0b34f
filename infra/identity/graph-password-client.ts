import type { Client } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { graphRequest } from "../graph/graph-request";

/**
 * Sets a user's password (`PATCH /users/{id}` with passwordProfile, https://learn.microsoft.com/graph/api/resources/user,
 * passwordProfile): User-PasswordProfile.ReadWrite.All is the least privileged permission, and for a
 * user holding an admin role the caller needs Privileged Authentication Administrator.
 */
const permissionFix =
  "grant the identity that runs pulumi User-PasswordProfile.ReadWrite.All and the directory role Privileged Authentication Administrator (the backup accounts hold admin roles).";

export class GraphPasswordClient {
  constructor(private readonly graph: Client) {}

  async set(userId: string, password: string): Promise<void> {
    await graphRequest(
      `PATCH /users/${userId} (passwordProfile)`,
      () =>
        this.graph
          .api(`/users/${encodeURIComponent(userId)}`)
          .patch({ passwordProfile: { password, forceChangePasswordNextSignIn: false } }),
      z.unknown(),
      { permissionFix },
    );
  }
}
