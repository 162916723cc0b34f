import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { contractTasksAndRollout, isTask, types } from "./stack-fixtures";

// Resource-level task and rollout policies need one resource, not a program run: these keep their tests fast.
const fixtures = contractTasksAndRollout("contoso", true);

/** An Exchange backup task with some settings changed. */
export async function exchangeTask(
  settings: Record<string, unknown> = {},
  extra: Partial<RecordedResource> = {},
): Promise<RecordedResource> {
  const task = fixtures.find(isTask("exchange"))!;
  const merged = { ...(task.inputs.settings as object), ...settings };
  return { ...task, inputs: { ...task.inputs, settings: merged }, ...extra };
}

export async function rolloutFixture(): Promise<RecordedResource> {
  return fixtures.find((r) => r.type === types.rollout)!;
}
