import { randomBytes } from "crypto";
import { LoopbackService, ServiceRequest, ServiceResponse } from "../loopback-service";
import { GraphTenant } from "./graph-tenant";

/** Graph's error envelope, with the request id a support case asks for. */
export function graphError(req: ServiceRequest, status: number, code: string, message: string): ServiceResponse {
  return {
    status,
    body: { error: { code, message, innerError: { "request-id": req.requestId, date: new Date().toISOString() } } },
  };
}

/**
 * Microsoft Graph on loopback. Tokens come from an App Service-style managed identity endpoint
 * (`IDENTITY_ENDPOINT`), which @azure/identity's ManagedIdentityCredential calls over plain http, so the
 * module's real credential code runs unchanged; every /v1.0 call must carry a token it issued.
 * Route modules add the parts of Graph each feature uses.
 */
export class GraphEmulator {
  readonly service = new LoopbackService("request-id");
  readonly identityHeader = randomBytes(16).toString("hex");
  /**
   * Tokens issued by any emulator in this process: @azure/identity caches a managed-identity token per
   * process, so a second emulator (a benchmark after another) must accept what the first issued.
   */
  private static readonly issuedTokens = new Set<string>();
  private get issuedTokens(): Set<string> {
    return GraphEmulator.issuedTokens;
  }
  /** Token requests answered, to prove credentials are cached and reused. */
  tokenRequests = 0;
  /**
   * What happens to one request inside a JSON batch: left out of the answer, or throttled with its own
   * Retry-After (Graph judges a batch's requests one by one). Undefined answers it normally.
   */
  batchFault: ((request: { id: string; url: string }) => "drop" | { status: number; retryAfterSeconds: number } | undefined) | undefined;

  constructor(readonly tenant: GraphTenant) {
    this.service.route("GET", "/msi/token", (req) => this.issueToken(req));
    this.service.before((req) => this.authenticate(req));
  }

  async start(port = 0): Promise<string> {
    return this.service.start(port);
  }

  stop(): Promise<void> {
    return this.service.stop();
  }

  get url(): string {
    return this.service.url;
  }

  /** Environment that points the module's Graph client and credential at this emulator. */
  environment(): Record<string, string> {
    return {
      M365_BACKUP_GRAPH_URL: this.url,
      M365_BACKUP_AZURE_AUTH: "managed-identity",
      IDENTITY_ENDPOINT: `${this.url}/msi/token`,
      IDENTITY_HEADER: this.identityHeader,
    };
  }

  /** Revokes every token, as a credential rotation or a tenant-side sign-out would. */
  revokeTokens(): void {
    this.issuedTokens.clear();
  }

  private issueToken(req: ServiceRequest): ServiceResponse {
    this.tokenRequests += 1;
    if (req.headers["x-identity-header"] !== this.identityHeader) {
      return { status: 401, body: { error: "invalid_identity_header" } };
    }
    const token = `emu.${randomBytes(24).toString("base64url")}`;
    this.issuedTokens.add(token);
    return {
      status: 200,
      body: {
        access_token: token,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource: req.query.get("resource") ?? "https://graph.microsoft.com",
        token_type: "Bearer",
      },
    };
  }

  private authenticate(req: ServiceRequest): ServiceResponse | undefined {
    if (req.path === "/msi/token") return undefined;
    const header = req.headers.authorization ?? "";
    const token = header.startsWith("Bearer ") ? header.slice(7) : "";
    if (!this.issuedTokens.has(token)) {
      return graphError(req, 401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
    }
    return undefined;
  }
}
