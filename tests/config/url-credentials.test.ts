import { z } from "zod";
import { describeIssues } from "../../infra/config/errors";
import { carriesUrlCredentials, withoutUrlCredentials } from "../../infra/config/url-credentials";

describe("URL credentials are found and masked, whatever the value", () => {
  test("a user name and password are masked whole, an @ in the password included; a URL without them is left alone", () => {
    expect(withoutUrlCredentials('see "https://svc:p@ss@api.example.com/v1" now')).toBe('see "https://***@api.example.com/v1" now');
    expect(carriesUrlCredentials("https://svc:secret@api.example.com")).toBe(true);
    expect(carriesUrlCredentials("https://api.example.com/path?user=a@b.c")).toBe(false);
    expect(withoutUrlCredentials("mailto:someone@example.com")).toBe("mailto:someone@example.com");
  });

  test("a 5 MB value is judged and reported in one pass, not rescanned from every letter (it hung the gate)", () => {
    const huge = `https${"a".repeat(5_000_000)}`;
    expect(carriesUrlCredentials(huge)).toBe(false);
    const issues = z.object({ namePrefix: z.string().max(40) }).safeParse({ namePrefix: huge }).error!.issues;
    const [line] = describeIssues({ namePrefix: huge }, issues);
    expect(line).toMatch(/^m365-backup:namePrefix = "httpsaaa+\.\.\.: Too big/);
    expect(line.length).toBeLessThan(300);
    // A credential at the start of a long value is still masked before the value is cut.
    const secretFirst = `https://svc:hunter2@api.example.com/${"x".repeat(5_000_000)}`;
    const [masked] = describeIssues(
      { namePrefix: secretFirst },
      z.object({ namePrefix: z.string().max(40) }).safeParse({ namePrefix: secretFirst }).error!.issues,
    );
    expect(masked).not.toContain("hunter2");
    expect(masked).toContain("https://***@api.example.com");
  });
});
