import * as pulumi from "@pulumi/pulumi";

/** The stack output that carries lists-mode discovery's cursor from one run to the next. */
export const discoveryCursorOutput = "discoveryCursor";

/**
 * The cursor the stack's previous run exported, read back through a StackReference to the stack
 * itself: the way Pulumi's maintainers give for a stack to read its own last outputs
 * (https://github.com/pulumi/pulumi/issues/3722). Undefined on a stack's first run. Never trusted:
 * discovery validates it and reads the whole directory when it does not fit.
 */
export function previousDiscoveryCursor(): pulumi.Output<unknown> {
  const self = new pulumi.StackReference("previous-discovery-cursor", {
    name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`,
  });
  return self.getOutput(discoveryCursorOutput);
}
