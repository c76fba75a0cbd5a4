// The CloudWatch Synthetics canary (cdk/lib/canary.ts bundles this file as index.js, handler `index.handler`):
// the canary user's credentials from Secrets Manager, then the journey, each step reported by Synthetics
// (screenshots, HAR, a duration metric per step). A thrown error fails the run (metric SuccessPercent).
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { synthetics } from "@aws/synthetics-playwright";
import { CANARY_ENVIRONMENT, parseCredentials } from "./credentials";
import { runJourney } from "./journey";

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (cdk/lib/canary.ts sets it)`);
  return value;
}

export async function handler(): Promise<void> {
  const baseUrl = setting(CANARY_ENVIRONMENT.baseUrl);
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: setting(CANARY_ENVIRONMENT.secretId) }));
  const credentials = parseCredentials(secret.SecretString);
  const browser = await synthetics.launch();
  try {
    const page = await synthetics.newPage(browser);
    await runJourney(page, { baseUrl, ...credentials }, (name, body) => synthetics.executeStep(name, body));
  } finally {
    await synthetics.close();
  }
}
