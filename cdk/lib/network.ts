import { Construct } from "constructs";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import type { CruddurConfig } from "./config.ts";
import { logGroup } from "./log-groups.ts";

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

    const flowLogGroup = logGroup(this, "FlowLogs", config);

    this.vpc = new ec2.Vpc(this, "Vpc", {
      maxAzs: 2,
      natGateways: config.natGateways,
      subnetConfiguration: [
        // Only the ALB and the NAT gateway live here, and both bring their own public addresses: nothing
        // launched into a public subnet gets one by accident (CT.EC2.PR.11).
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
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
