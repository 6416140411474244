"""Alerts for the guide's thresholds, and the cost guardrail.

- GPU utilisation above 85% for 10 minutes (the fleet is at its ceiling: raise max replicas).
- Load balancer 5xx error rate above 1% (metric math over target and ALB 5xx vs requests).
- GPU cost per query above twice the plan, per day: instances in service x 24 h x the hourly
  price, over the requests the GPU fleet's load balancer served (self-hosted compute only;
  hosted-API tokens are billed by the provider and watched by the budget).
- AWS Budgets: a monthly cost budget filtered on this stack's llmkit-stack tag, from the spec's
  budget (its own estimate plus a margin unless set), notifying at 80% and 100% of actual cost
  and at 100% of forecast. (Activate ``llmkit-stack`` as a cost allocation tag once per account.)
All go to one SNS topic (plus e-mail subscribers when ``llmkit:alertEmails`` is set).
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from llmkit.components.aws.base import child, labels
from llmkit.components.aws.loadbalancer import LoadBalancer
from llmkit.components.boot import CLOUDWATCH_NAMESPACE, GPU_METRIC
from llmkit.components.spec import DeploymentSpec, planned_gpu_cost_per_query

GPU_ALARM_PCT = 85
ERROR_RATE_ALARM_PCT = 1
COST_PER_QUERY_ALARM_FACTOR = 2
DAY_S = 86400


class Alerts:
    def __init__(self, name: str, spec: DeploymentSpec, parent: pulumi.Resource) -> None:
        opts = child(parent)
        # Not encrypted with the AWS-managed aws/sns key: CloudWatch and Budgets cannot publish to
        # topics under that key (its policy cannot be edited), and alerts carry no secrets.
        self.topic = aws.sns.Topic(f"{name}-alerts", tags=labels(spec, f"{name}-alerts"), opts=opts)
        aws.sns.TopicPolicy(
            f"{name}-alerts-policy", arn=self.topic.arn,
            policy=self.topic.arn.apply(lambda arn: json.dumps({
                "Version": "2012-10-17",
                "Statement": [{
                    "Sid": "AlertPublishers", "Effect": "Allow",
                    "Principal": {"Service": ["budgets.amazonaws.com", "cloudwatch.amazonaws.com"]},
                    "Action": "SNS:Publish", "Resource": arn,
                }],
            })),
            opts=opts,
        )
        for i, email in enumerate(spec.budget_emails):
            aws.sns.TopicSubscription(f"{name}-alerts-email-{i}", topic=self.topic.arn, protocol="email", endpoint=email, opts=opts)

    def gpu_saturation(self, name: str, spec: DeploymentSpec, group: aws.autoscaling.Group, parent: pulumi.Resource) -> aws.cloudwatch.MetricAlarm:
        return aws.cloudwatch.MetricAlarm(
            f"{name}-gpu-high",
            alarm_description=f"GPU utilisation above {GPU_ALARM_PCT}% for 10 minutes: the fleet is at its ceiling",
            namespace=CLOUDWATCH_NAMESPACE, metric_name=GPU_METRIC, statistic="Average", period=300,
            evaluation_periods=2, threshold=GPU_ALARM_PCT, comparison_operator="GreaterThanThreshold",
            dimensions={"AutoScalingGroupName": group.name}, alarm_actions=[self.topic.arn], ok_actions=[self.topic.arn],
            tags=labels(spec, f"{name}-gpu-high"), opts=child(parent),
        )

    def error_rate(self, name: str, spec: DeploymentSpec, lb: LoadBalancer, parent: pulumi.Resource) -> aws.cloudwatch.MetricAlarm:
        def metric(id_: str, metric_name: str) -> aws.cloudwatch.MetricAlarmMetricQueryArgs:
            return aws.cloudwatch.MetricAlarmMetricQueryArgs(
                id=id_, return_data=False,
                metric=aws.cloudwatch.MetricAlarmMetricQueryMetricArgs(
                    namespace="AWS/ApplicationELB", metric_name=metric_name, period=300, stat="Sum",
                    dimensions={"LoadBalancer": lb.alb.arn_suffix},
                ),
            )

        return aws.cloudwatch.MetricAlarm(
            f"{name}-5xx-rate",
            alarm_description=f"5xx responses above {ERROR_RATE_ALARM_PCT}% of requests",
            comparison_operator="GreaterThanThreshold", evaluation_periods=2, threshold=ERROR_RATE_ALARM_PCT,
            treat_missing_data="notBreaching",
            metric_queries=[
                metric("target5xx", "HTTPCode_Target_5XX_Count"),
                metric("elb5xx", "HTTPCode_ELB_5XX_Count"),
                metric("requests", "RequestCount"),
                aws.cloudwatch.MetricAlarmMetricQueryArgs(
                    id="rate", expression="100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests",
                    label="5xx error rate (%)", return_data=True,
                ),
            ],
            alarm_actions=[self.topic.arn], ok_actions=[self.topic.arn],
            tags=labels(spec, f"{name}-5xx-rate"), opts=child(parent),
        )

    def cost_per_query(
        self, name: str, spec: DeploymentSpec, group: aws.autoscaling.Group, lb: LoadBalancer, parent: pulumi.Resource,
    ) -> aws.cloudwatch.MetricAlarm | None:
        planned = planned_gpu_cost_per_query(spec)
        if planned is None or spec.gpu_fleet is None or spec.gpu_fleet.hourly_usd is None:
            return None
        threshold = float(round(planned * COST_PER_QUERY_ALARM_FACTOR, 6))
        price = float(spec.gpu_fleet.hourly_usd)
        return aws.cloudwatch.MetricAlarm(
            f"{name}-cost-per-query",
            alarm_description=(f"GPU cost per query above {COST_PER_QUERY_ALARM_FACTOR}x the plan "
                               f"(${planned:.5f}) over a day: the fleet outgrew its traffic"),
            comparison_operator="GreaterThanThreshold", evaluation_periods=1, threshold=threshold,
            treat_missing_data="notBreaching",
            metric_queries=[
                aws.cloudwatch.MetricAlarmMetricQueryArgs(
                    id="instances", return_data=False,
                    metric=aws.cloudwatch.MetricAlarmMetricQueryMetricArgs(
                        namespace="AWS/AutoScaling", metric_name="GroupInServiceInstances", period=DAY_S, stat="Average",
                        dimensions={"AutoScalingGroupName": group.name},
                    ),
                ),
                aws.cloudwatch.MetricAlarmMetricQueryArgs(
                    id="requests", return_data=False,
                    metric=aws.cloudwatch.MetricAlarmMetricQueryMetricArgs(
                        namespace="AWS/ApplicationELB", metric_name="RequestCount", period=DAY_S, stat="Sum",
                        dimensions={"LoadBalancer": lb.alb.arn_suffix},
                    ),
                ),
                aws.cloudwatch.MetricAlarmMetricQueryArgs(
                    id="costPerQuery", expression=f"instances * 24 * {price} / requests",
                    label="GPU cost per query (USD)", return_data=True,
                ),
            ],
            alarm_actions=[self.topic.arn], ok_actions=[self.topic.arn],
            tags=labels(spec, f"{name}-cost-per-query"), opts=child(parent),
        )

    def budget(self, name: str, spec: DeploymentSpec, parent: pulumi.Resource) -> aws.budgets.Budget | None:
        if spec.budget_monthly_usd is None:
            return None
        notifications = [
            aws.budgets.BudgetNotificationArgs(
                comparison_operator="GREATER_THAN", threshold=pct, threshold_type="PERCENTAGE", notification_type=kind,
                subscriber_sns_topic_arns=[self.topic.arn], subscriber_email_addresses=list(spec.budget_emails) or None,
            )
            for pct, kind in ((80, "ACTUAL"), (100, "ACTUAL"), (100, "FORECASTED"))
        ]
        return aws.budgets.Budget(
            f"{name}-budget", name=f"llmkit-{spec.labels['llmkit-stack']}", budget_type="COST",
            limit_amount=str(spec.budget_monthly_usd), limit_unit="USD", time_unit="MONTHLY",
            cost_filters=[aws.budgets.BudgetCostFilterArgs(name="TagKeyValue", values=[f"user:llmkit-stack${spec.labels['llmkit-stack']}"])],
            notifications=notifications, tags=labels(spec, f"{name}-budget"), opts=child(parent),
        )
