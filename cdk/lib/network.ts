import { Construct } from "constructs";
import { RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as logs from "aws-cdk-lib/aws-logs";
import type { CruddurConfig } from "./config.ts";

/**
 * Two-AZ VPC: public subnets (ALB, NAT), private subnets with egress (Fargate tasks, Lambda)
 * and isolated subnets (RDS, no route to the internet at all).
 * NAT gateways are the largest fixed cost of the network (~USD 33/month each), so the default is
 * one NAT gateway shared by both AZs (cruddur:natGateways=2 removes that single point of failure).
 */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, config: CruddurConfig) {
    super(scope, id);

    const flowLogGroup = new logs.LogGroup(this, "FlowLogs", {
      retention: config.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.vpc = new ec2.Vpc(this, "Vpc", {
      maxAzs: 2,
      natGateways: config.natGateways,
      subnetConfiguration: [
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: "app", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: "db", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      // Only rejected traffic: enough to debug security groups, cheap to ingest.
      flowLogs: {
        rejected: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
    });
  }
}
