import type { Client } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { graphRequest } from "../graph/graph-request";

/**
 * Temporary Access Pass methods of a user
 * (https://learn.microsoft.com/graph/api/authentication-post-temporaryaccesspassmethods). The pass
 * itself is returned only by the create call; a user holds at most one. Needs
 * UserAuthenticationMethod.ReadWrite.All and a Temporary Access Pass policy that includes the user.
 */
const permissionFix =
  "grant the identity that runs pulumi UserAuthenticationMethod.ReadWrite.All (a backup account with an admin role needs the Privileged Authentication Administrator role when delegated), and enable the Temporary Access Pass authentication method policy for the backup accounts.";

const method = z
  .object({
    id: z.string().min(1),
    temporaryAccessPass: z.string().nullable().optional(),
    startDateTime: z.string().nullable().optional(),
    lifetimeInMinutes: z.number().int(),
    isUsableOnce: z.boolean().optional(),
    isUsable: z.boolean().optional(),
    methodUsabilityReason: z.string().nullable().optional(),
  })
  .passthrough();
export type TemporaryAccessPassMethod = z.infer<typeof method>;

export class GraphTemporaryAccessPassClient {
  constructor(private readonly graph: Client) {}

  async issue(userId: string, lifetimeInMinutes: number): Promise<TemporaryAccessPassMethod> {
    const answer = await graphRequest(
      `POST /users/${userId}/authentication/temporaryAccessPassMethods`,
      () =>
        this.graph
          .api(`/users/${encodeURIComponent(userId)}/authentication/temporaryAccessPassMethods`)
          .post({ lifetimeInMinutes, isUsableOnce: true }),
      method,
      { permissionFix },
    );
    if (!answer!.temporaryAccessPass)
      throw new Error(
        `POST /users/${userId}/authentication/temporaryAccessPassMethods answered without the pass; check the Temporary Access Pass policy.`,
      );
    return answer!;
  }

  /** The method, or undefined when it was used up, expired away or removed. */
  async get(userId: string, methodId: string): Promise<TemporaryAccessPassMethod | undefined> {
    return graphRequest(
      `GET /users/${userId}/authentication/temporaryAccessPassMethods/${methodId}`,
      () =>
        this.graph
          .api(`/users/${encodeURIComponent(userId)}/authentication/temporaryAccessPassMethods/${encodeURIComponent(methodId)}`)
          .get(),
      method,
      { permissionFix, allow404: true },
    );
  }

  /** Removes the method; one already gone is success. */
  async remove(userId: string, methodId: string): Promise<void> {
    await graphRequest(
      `DELETE /users/${userId}/authentication/temporaryAccessPassMethods/${methodId}`,
      () =>
        this.graph
          .api(`/users/${encodeURIComponent(userId)}/authentication/temporaryAccessPassMethods/${encodeURIComponent(methodId)}`)
          .delete(),
      z.unknown(),
      { permissionFix, allow404: true },
    );
  }
}
