import * as pulumi from "@pulumi/pulumi";
import type { BackupService } from "../infra/services/backup-services";
import { activationRolloutProvider } from "../infra/providers/activation-rollout-provider";
import type { RolloutProgress } from "../infra/rollout/wave-progress";
import type { RolloutWaveInput } from "../infra/rollout/rollout-inputs";

export interface ActivationRolloutArgs {
  readonly tenantName: pulumi.Input<string>;
  /** vendor-managed activates nothing; self-service advances one planned day per calendar day. */
  readonly mode: pulumi.Input<"vendor-managed" | "self-service">;
  readonly paused: pulumi.Input<boolean>;
  readonly enterprise: pulumi.Input<boolean>;
  readonly safetyFactor: pulumi.Input<number>;
  readonly healthyThreshold: pulumi.Input<number>;
  /** Hours within which a successful backup makes an entity protected (default 36). */
  readonly protectionWindowHours?: pulumi.Input<number>;
  readonly priority: pulumi.Input<string[]>;
  readonly dailyBudget: pulumi.Input<{ exchange: number; sharepoint: number }>;
  /** The planner's waves, counts only: the entities are chosen from the vendor's discovery at activation. */
  readonly waves: pulumi.Input<RolloutWaveInput[]>;
  /** Services whose tasks get auto-activation of new objects once the rollout is complete. */
  readonly releaseAutoActivation: pulumi.Input<BackupService[]>;
  /** Entities Graph discovery found per service (undefined when the counts come from config). */
  readonly expected?: pulumi.Input<Partial<Record<BackupService, number>> | undefined>;
  /** Backup task id per service. */
  readonly tasks: pulumi.Input<Partial<Record<BackupService, pulumi.Input<string>>>>;
  /** Services whose task the public API waits for someone to make in the vendor's console. */
  readonly awaitingConsole?: pulumi.Input<BackupService[]>;
  /** Calendar day (UTC) of this run. */
  readonly today: pulumi.Input<string>;
}

/**
 * The staged activation of an enterprise tenant's backups (guide stage 7), as a resource whose
 * every `pulumi up` on a new day may activate the next wave.
 */
export class ActivationRollout extends pulumi.dynamic.Resource {
  declare public readonly progress: pulumi.Output<RolloutProgress>;

  constructor(name: string, args: ActivationRolloutArgs, opts?: pulumi.CustomResourceOptions) {
    super(activationRolloutProvider, name, { ...args, progress: undefined }, opts, "m365-backup", "ActivationRollout");
  }
}
