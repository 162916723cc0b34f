/** Set by offline evaluation (tests, the pull-request gate): discovery must not reach Microsoft Graph. */
export const offlineEnvironmentVariable = "M365_BACKUP_OFFLINE";
