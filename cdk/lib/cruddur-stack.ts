import { Construct } from "constructs";
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { CruddurConfig } from "./config.ts";
import { Network } from "./network.ts";
import { Database } from "./database.ts";
import { Auth } from "./auth.ts";
import { AppService } from "./service.ts";
import { Migration } from "./migration.ts";
import { Firewall } from "./firewall.ts";
import { Monitoring } from "./monitoring.ts";
import { Media } from "./media.ts";
import { SyntheticUser } from "./canary.ts";

export interface CruddurStackProps extends StackProps {
  config: CruddurConfig;
}

/** The whole of docs/product.md §7 in one stack (one deploy, no cross-stack exports to untangle). */
export class CruddurStack extends Stack {
  constructor(scope: Construct, id: string, props: CruddurStackProps) {
    super(scope, id, props);
    const { config } = props;

    const { vpc } = new Network(this, "Network", config);
    const database = new Database(this, "Database", { vpc, config });
    const auth = new Auth(this, "Auth", { vpc, config, dbSecret: database.secret });
    const app = new AppService(this, "App", {
      vpc,
      config,
      db: {
        host: database.instance.dbInstanceEndpointAddress,
        port: database.instance.dbInstanceEndpointPort,
        secret: database.secret,
      },
      cognito: { userPoolId: auth.userPool.userPoolId, clientId: auth.client.userPoolClientId },
    });
    const media = new Media(this, "Media", { config, zone: app.zone, accessLogs: app.accessLogs });
    app.useMedia(media);
    auth.grantMfaReset(app.taskDefinition.taskRole);
    const firewall = new Firewall(this, "Firewall", { config, loadBalancer: app.loadBalancer });
    database.allowFrom(app.securityGroup, "Cruddur app service (and its migration task)");
    database.allowFrom(auth.lambdaSecurityGroup, "Cognito Post Confirmation Lambda");

    const migration = new Migration(this, "Migration", {
      config,
      vpc,
      cluster: app.cluster,
      image: app.image,
      securityGroup: app.securityGroup,
      environment: app.dbEnvironment,
      secrets: app.dbSecrets,
    });
    // Migrations first, then the new task definition reaches the service.
    app.service.node.addDependency(migration.resource);
    migration.resource.node.addDependency(database.instance);

    const syntheticUser = new SyntheticUser(this, "SyntheticUser", { config, accessLogs: app.accessLogs });

    const monitoring = new Monitoring(this, "Monitoring", {
      config,
      loadBalancer: app.loadBalancer,
      targetGroup: app.targetGroup,
      service: app.service,
      appLogGroup: app.appLogGroup,
      database: database.instance,
      postConfirmation: auth.postConfirmation,
      canary: syntheticUser.canary,
    });

    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out("Url", `https://${config.domainName}`, "Public URL");
    out("ClusterName", app.cluster.clusterName, "ECS cluster");
    out("ServiceName", app.service.serviceName, "ECS service");
    out("MigrationTaskDefinitionArn", migration.taskDefinition.taskDefinitionArn, "One-off `npm run db:migrate` task");
    out("TaskSubnets", vpc.privateSubnets.map((s) => s.subnetId).join(","), "Private subnets for one-off tasks");
    out("ServiceSecurityGroupId", app.securityGroup.securityGroupId, "Security group for one-off tasks");
    out("UserPoolId", auth.userPool.userPoolId, "Cognito user pool");
    out("UserPoolClientId", auth.client.userPoolClientId, "Cognito web client");
    out("DbSecretArn", database.secret.secretArn, "RDS generated credentials");
    out("RollbarSecretArn", app.rollbarSecret.secretArn, "Put the Rollbar token here");
    out("HoneycombSecretArn", app.honeycombSecret.secretArn, "Put the Honeycomb API key here");
    out("AppLogGroup", app.appLogGroup.logGroupName, "App container logs");
    out("WafLogGroup", firewall.logGroup.logGroupName, "Requests the WAF blocked or counted");
    out("AppVersion", app.appVersion, "APP_VERSION of this deploy");
    out("MediaUrl", media.origin, "Pictures (CloudFront)");
    out("MediaBucketName", media.bucket.bucketName, "Pictures (private S3 bucket)");
    out("MediaDistributionId", media.distribution.distributionId, "Pictures CloudFront distribution");
    out("MediaSigningKeySecretArn", media.signingKey.secretArn, "Put the private key (PEM) signing crud picture URLs here");
    out("CanaryName", syntheticUser.canary.canaryName, "Synthetics canary: the synthetic user's journey every 5 minutes");
    out("CanaryCredentialsSecretArn", syntheticUser.credentials.secretArn, 'Put the canary user\'s {"email","password"} here');
    out("CanaryArtifactsBucketName", syntheticUser.artifacts.bucketName, "Canary runs' screenshots, HAR files and logs");
    out("AlarmTopicArn", monitoring.topic.topicArn, "SNS topic of every alarm (subscribe on-call here)");
    out("DashboardName", monitoring.dashboard.dashboardName, "CloudWatch dashboard");
  }
}
