import { Construct } from "constructs";
import { ArnFormat, Stack } from "aws-cdk-lib";
import type * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as logs from "aws-cdk-lib/aws-logs";
import * as wafv2 from "aws-cdk-lib/aws-wafv2";
import type { CruddurConfig } from "./config.ts";
import { logGroup } from "./log-groups.ts";

/** The window of the per-IP rate rule: WAF counts requests over the last 5 minutes. */
export const RATE_WINDOW_SECONDS = 300;
const RATE_LIMITED_BODY = "rate-limited";

export interface FirewallProps {
  config: CruddurConfig;
  loadBalancer: elbv2.IApplicationLoadBalancer;
}

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

function managedGroup(priority: number, name: string, ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[]): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: "AWS", name, ...(ruleActionOverrides ? { ruleActionOverrides } : {}) } },
    visibilityConfig: visibility(name),
  };
}

/**
 * A WAFv2 web ACL in front of the ALB: AWS's IP reputation list, a per-IP rate limit, the common
 * rule set and known bad inputs. The app's own limits (per account, per action) stay the real
 * guard; this one only stops floods and known-bad traffic before they cost a task any CPU.
 */
export class Firewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FirewallProps) {
    super(scope, id);
    const { config, loadBalancer } = props;

    this.webAcl = new wafv2.CfnWebACL(this, "WebAcl", {
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: visibility("cruddur-web-acl"),
      customResponseBodies: {
        [RATE_LIMITED_BODY]: {
          contentType: "TEXT_PLAIN",
          content: "Too many requests from your network. Please wait a few minutes and try again.",
        },
      },
      rules: [
        // Known botnets and scanners first: they then never count against anyone's rate.
        managedGroup(0, "AWSManagedRulesAmazonIpReputationList"),
        {
          name: "RateLimitPerIp",
          priority: 1,
          // The connection's source IP: the ALB is the edge, so X-Forwarded-For would be the client's word.
          statement: {
            rateBasedStatement: { limit: config.wafRateLimit, aggregateKeyType: "IP", evaluationWindowSec: RATE_WINDOW_SECONDS },
          },
          // WAF prefixes custom response headers with x-amzn-waf-, so no real Retry-After: the body says it.
          action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: RATE_LIMITED_BODY } } },
          visibilityConfig: visibility("RateLimitPerIp"),
        },
        // SizeRestrictions_BODY blocks bodies over 8 KB, and legit forms exceed it: a 1,024-character
        // reply or message in CJK or emoji is 9-12 KB once URL-encoded. It only counts; the app
        // bounds bodies itself. The group's other body rules (XSS, LFI) still block.
        managedGroup(2, "AWSManagedRulesCommonRuleSet", [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }]),
        managedGroup(3, "AWSManagedRulesKnownBadInputsRuleSet"),
      ],
    });

    new wafv2.CfnWebACLAssociation(this, "AlbAssociation", {
      resourceArn: loadBalancer.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });

    // Only what the firewall blocked or counted (allowed requests are in the ALB access logs),
    // without cookies: the session cookie is a credential.
    // WAF only delivers to log groups named aws-waf-logs-*.
    this.logGroup = logGroup(this, "Logs", config, { logGroupName: `aws-waf-logs-${Stack.of(this).stackName}` });
    new wafv2.CfnLoggingConfiguration(this, "Logging", {
      resourceArn: this.webAcl.attrArn,
      // The group's ARN without the ":*" suffix of its Arn attribute, which WAF rejects.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: "logs",
          resource: "log-group",
          resourceName: this.logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [{ singleHeader: { Name: "cookie" } }],
      // An untyped (JSON) property in CloudFormation's own casing.
      loggingFilter: {
        DefaultBehavior: "DROP",
        Filters: [
          {
            Behavior: "KEEP",
            Requirement: "MEETS_ANY",
            Conditions: [{ ActionCondition: { Action: "BLOCK" } }, { ActionCondition: { Action: "COUNT" } }],
          },
        ],
      },
    });
  }
}
