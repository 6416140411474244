"""Alerts for the guide's thresholds (llmkit.components.thresholds), and the cost guardrail.

- GPU utilisation above 85% for 10 minutes (the fleet is at its ceiling: raise max replicas).
- Load balancer 5xx error rate above 1% (metric math over target and ALB 5xx vs requests).
- p95 response time of the front load balancer (``TargetResponseTime`` p95; the guide tracks
  response time without a threshold, the alarm line is the kit's).
- Server cost per query above $0.05, hourly: instances in service of every fleet x the catalog
  hourly price, over the requests the front load balancer served (servers only; hosted-API
  tokens are billed by the provider and watched by the budget).
- Hosted-API rate-limit use above 80% for 5 minutes (api and hybrid stacks): the routers
  publish it every minute (components/boot/metrics_publisher.py).
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
from llmkit.components.boot import CLOUDWATCH_NAMESPACE, GPU_METRIC, metric_sources
from llmkit.components.boot import metrics_publisher as quota
from llmkit.components.spec import DeploymentSpec, FleetSpec
from llmkit.components.thresholds import GUIDE

GPU_ALARM_PCT = GUIDE.gpu_alert_pct
ERROR_RATE_ALARM_PCT = float(GUIDE.error_rate_pct)


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
            evaluation_periods=GUIDE.gpu_alert_sustain_s // 300, threshold=GPU_ALARM_PCT, comparison_operator="GreaterThanThreshold",
            dimensions={"AutoScalingGroupName": group.name}, alarm_actions=[self.topic.arn], ok_actions=[self.topic.arn],
            tags=labels(spec, f"{name}-gpu-high"), opts=child(parent),
        )

    def error_rate(self, name: str, spec: DeploymentSpec, lb: LoadBalancer, parent: pulumi.Resource) -> aws.cloudwatch.MetricAlarm:
        def metric(id_: str, metric_name: str) -> aws.cloudwatch.MetricAlarmMetricQueryArgs:
            return aws.cloudwatch.MetricAlarmMetricQueryArgs(
                id=id_, return_data=False,
                metric=aws.cloudwatch.MetricAlarmMetricQueryMetricArgs(
                    namespace="AWS/ApplicationELB", metric_name=metric_name, period=GUIDE.error_rate_window_s, stat="Sum",
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

    def latency(self, name: str, spec: DeploymentSpec, lb: LoadBalancer, parent: pulumi.Resource) -> aws.cloudwatch.MetricAlarm:
        """p95 response time of the front load balancer (whole streamed answers)."""
        return aws.cloudwatch.MetricAlarm(
            f"{name}-latency-p95",
            alarm_description=f"p95 response time above {GUIDE.latency_alert_s}s for 15 minutes",
            namespace="AWS/ApplicationELB", metric_name="TargetResponseTime", extended_statistic=GUIDE.latency_percentile,
            period=300, evaluation_periods=3, threshold=GUIDE.latency_alert_s, comparison_operator="GreaterThanThreshold",
            treat_missing_data="notBreaching", dimensions={"LoadBalancer": lb.alb.arn_suffix},
            alarm_actions=[self.topic.arn], ok_actions=[self.topic.arn],
            tags=labels(spec, f"{name}-latency-p95"), opts=child(parent),
        )

    def api_quota_use(self, name: str, spec: DeploymentSpec, parent: pulumi.Resource) -> aws.cloudwatch.MetricAlarm:
        """Hosted-API quota use above the guide's 80 % (its advice: upgrade the tier), as the
        routers publish it (boot/metrics_publisher.py); no data (no hosted call) is not a breach."""
        return aws.cloudwatch.MetricAlarm(
            f"{name}-api-quota-use",
            alarm_description=f"hosted-API rate-limit use above {GUIDE.rate_limit_use_pct}% for 5 minutes: upgrade the provider tier",
            namespace=quota.NAMESPACE_AWS, metric_name=quota.METRIC, statistic="Maximum", period=60,
            evaluation_periods=GUIDE.rate_limit_window_s // 60, threshold=GUIDE.rate_limit_use_pct,
            comparison_operator="GreaterThanThreshold", treat_missing_data="notBreaching",
            dimensions={"Stack": spec.labels.get("llmkit-stack", spec.stack), "Server": quota.SOURCE_LITELLM},
            alarm_actions=[self.topic.arn], ok_actions=[self.topic.arn],
            tags=labels(spec, f"{name}-api-quota-use"), opts=child(parent),
        )

    def dashboard(self, name: str, spec: DeploymentSpec, lb: LoadBalancer, parent: pulumi.Resource) -> aws.cloudwatch.Dashboard:
        """The guide's key metrics without a threshold line of their own: cache hit rate (the
        servers publish it, boot/metrics_publisher.py: the router's response cache, vLLM's prefix
        cache), p95 response time of the front load balancer, and hosted-API quota use."""
        stack = spec.labels.get("llmkit-stack", spec.stack)
        servers = metric_sources(spec)

        def widget(title: str, metrics: list, stat: str, y: int) -> dict:
            return {"type": "metric", "x": 0, "y": y, "width": 24, "height": 6, "properties": {
                "title": title, "region": spec.region, "stat": stat, "period": 60, "view": "timeSeries", "metrics": metrics}}

        def body(lb_suffix: str) -> str:
            cache = [[quota.NAMESPACE_AWS, quota.CACHE_METRIC, "Stack", stack, "Server", s] for s in servers]
            widgets = [
                widget("cache hit rate (%)", cache, "Average", 0),
                widget(f"{GUIDE.latency_percentile} response time (s)",
                       [["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", lb_suffix]], GUIDE.latency_percentile, 6),
            ]
            if quota.SOURCE_LITELLM in servers:
                widgets.append(widget("hosted-API rate-limit use (%)",
                                      [[quota.NAMESPACE_AWS, quota.METRIC, "Stack", stack, "Server", quota.SOURCE_LITELLM]], "Maximum", 12))
            return json.dumps({"widgets": widgets})

        return aws.cloudwatch.Dashboard(
            f"{name}-dashboard", dashboard_name=f"llmkit-{stack}", dashboard_body=lb.alb.arn_suffix.apply(body), opts=child(parent),
        )

    def cost_per_query(
        self, name: str, spec: DeploymentSpec, lb: LoadBalancer,
        fleets: list[tuple[aws.autoscaling.Group, FleetSpec]], parent: pulumi.Resource,
    ) -> aws.cloudwatch.MetricAlarm | None:
        """Server cost per query above the guide's $0.05, each hour. None when no fleet has a
        catalog price (an unknown price is never counted as $0)."""
        priced = [(g, f) for g, f in fleets if f.hourly_usd is not None]
        if not priced or len(priced) != len(fleets):
            return None
        window = GUIDE.cost_per_query_window_s
        queries = [
            aws.cloudwatch.MetricAlarmMetricQueryArgs(
                id=f"instances{i}", return_data=False,
                metric=aws.cloudwatch.MetricAlarmMetricQueryMetricArgs(
                    namespace="AWS/AutoScaling", metric_name="GroupInServiceInstances", period=window, stat="Average",
                    dimensions={"AutoScalingGroupName": group.name},
                ),
            )
            for i, (group, _) in enumerate(priced)
        ]
        hours = window / 3600
        spend = " + ".join(f"FILL(instances{i}, 0) * {float(f.hourly_usd or 0) * hours}" for i, (_, f) in enumerate(priced))
        return aws.cloudwatch.MetricAlarm(
            f"{name}-cost-per-query",
            alarm_description=f"server cost per query above ${GUIDE.cost_per_query_usd} over an hour: investigate inefficiency",
            comparison_operator="GreaterThanThreshold", evaluation_periods=1, threshold=float(GUIDE.cost_per_query_usd),
            treat_missing_data="notBreaching",
            metric_queries=[
                *queries,
                aws.cloudwatch.MetricAlarmMetricQueryArgs(
                    id="requests", return_data=False,
                    metric=aws.cloudwatch.MetricAlarmMetricQueryMetricArgs(
                        namespace="AWS/ApplicationELB", metric_name="RequestCount", period=window, stat="Sum",
                        dimensions={"LoadBalancer": lb.alb.arn_suffix},
                    ),
                ),
                aws.cloudwatch.MetricAlarmMetricQueryArgs(
                    id="costPerQuery", expression=f"({spend}) / requests",
                    label="server cost per query (USD)", return_data=True,
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
