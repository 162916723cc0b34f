import { TenantOnboarding } from "../components/tenant-onboarding";
import { loadTenantConfig } from "./config/load";

// Validation runs before any resource is declared: a bad value stops the run with nothing created.
const config = loadTenantConfig();

const onboarding = new TenantOnboarding(config.tenant.initialDomainName, { config });

export const tenantId = config.tenant.id;
// Identities: names and ids only; passwords stay secrets inside the components (and the Key Vault).
export const backupAccountUpns = onboarding.identities.userPrincipalNames;
export const backupAccountObjectIds = onboarding.identities.objectIds;
export const backupAppServicePrincipalObjectId = onboarding.identities.consentPrincipalObjectId;
void onboarding;
