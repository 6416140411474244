"""The registry of per-type pricers, in the style of Infracost's resources: type token ->
pricer, every one two-layer. A *mapper* (``mappers/``) turns a resource's Pulumi inputs into a
typed resource model, and the model's ``cost`` (``models/``) turns it into cost lines; one line
in ``TYPED`` below wires a token to its mapper and model. Adding a priced type is its mapper,
its cost model, one line here and a test. The sweep prices live resources through the same
models (``PriceContext.standalone``).

A pricer is ``(ctx: PriceContext) -> list[CostComponent]``: ``mapper(ctx).cost(ctx)``.
"""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any, Callable, Optional

from llmkit.pricing.cost_component import CostComponent
from llmkit.pricing.preview.resources.base import UsageKey
from llmkit.pricing.preview.resources.context import PriceContext

# Two-layer types: token -> ("mapper module:function", "model module:Class"), modules under
# this package. Adding a priced type = its mapper, its cost model, one line here, a test.
TYPED: dict[str, tuple[str, str]] = {
    # AWS databases
    "aws:rds/instance:Instance": ("mappers.aws:rds_instance", "models.aws:RdsInstance"),
    "aws:rds/cluster:Cluster": ("mappers.aws:aurora_cluster", "models.aws:AuroraCluster"),
    "aws:rds/clusterInstance:ClusterInstance": ("mappers.aws:aurora_instance", "models.aws:AuroraInstance"),
    "aws:elasticache/cluster:Cluster": ("mappers.aws:elasticache_cluster", "models.aws:CacheNodes"),
    "aws:elasticache/replicationGroup:ReplicationGroup": ("mappers.aws:elasticache_group", "models.aws:CacheNodes"),
    # AWS serverless and managed services around the model
    "aws:lambda/function:Function": ("mappers.aws:lambda_function", "models.aws:LambdaFunction"),
    "aws:apigateway/restApi:RestApi": ("mappers.aws:rest_api", "models.aws:ApiGateway"),
    "aws:apigatewayv2/api:Api": ("mappers.aws:http_api", "models.aws:ApiGateway"),
    "aws:sqs/queue:Queue": ("mappers.aws:sqs_queue", "models.aws:SqsQueue"),
    "aws:cognito/userPool:UserPool": ("mappers.aws:cognito_user_pool", "models.aws:CognitoUserPool"),
    "aws:dynamodb/table:Table": ("mappers.aws:dynamodb_table", "models.aws:DynamoTable"),
    "aws:ecs/service:Service": ("mappers.aws:ecs_service", "models.aws:FargateService"),
    "aws:ecr/repository:Repository": ("mappers.aws:ecr_repository", "models.aws:StoredGigabytes"),
    "aws:efs/fileSystem:FileSystem": ("mappers.aws:efs_file_system", "models.aws:StoredGigabytes"),
    "aws:opensearch/domain:Domain": ("mappers.aws:opensearch_domain", "models.aws:OpenSearchDomain"),
    "aws:opensearch/serverlessCollection:ServerlessCollection": ("mappers.aws:opensearch_serverless", "models.aws:OpenSearchServerless"),
    "aws:cloudfront/distribution:Distribution": ("mappers.aws:cloudfront_distribution", "models.aws:CloudFrontDistribution"),
    "aws:sagemaker/endpoint:Endpoint": ("mappers.aws:sagemaker_endpoint", "models.aws:SageMakerEndpoint"),
    "aws:apigateway/stage:Stage": ("mappers.aws:rest_stage", "models.common:NoCharge"),
    "aws:ec2/vpcEndpoint:VpcEndpoint": ("mappers.aws:vpc_endpoint", "models.common:NoCharge"),
    "aws:cloudwatch/metricAlarm:MetricAlarm": ("mappers.aws:metric_alarm", "models.aws:MetricAlarm"),
    "aws:cloudwatch/dashboard:Dashboard": ("mappers.aws:dashboard", "models.aws:Dashboard"),
    "aws:cloudwatch/logGroup:LogGroup": ("mappers.aws:log_group", "models.aws:LogGroup"),
    "aws:secretsmanager/secret:Secret": ("mappers.aws:secret", "models.aws:Secret"),
    "aws:budgets/budget:Budget": ("mappers.aws:budget", "models.aws:Budget"),
    "aws:kms/key:Key": ("mappers.aws:kms_key", "models.common:Monthly"),
    "aws:kinesis/stream:Stream": ("mappers.aws:kinesis_stream", "models.common:Hourly"),
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": ("mappers.aws:transit_gateway_attachment", "models.common:Hourly"),
    "aws:networkfirewall/firewall:Firewall": ("mappers.aws:network_firewall", "models.common:Hourly"),
    "aws:redshift/cluster:Cluster": ("mappers.aws:redshift_cluster", "models.common:Hourly"),
    "aws:sfn/stateMachine:StateMachine": ("mappers.aws:state_machine", "models.aws:StateMachine"),
    "aws:cloudwatch/eventBus:EventBus": ("mappers.aws:event_bus", "models.aws:EventBus"),
    "aws:appsync/graphQLApi:GraphQLApi": ("mappers.aws:appsync_api", "models.aws:AppSyncApi"),
    "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig": ("mappers.aws:lambda_provisioned_concurrency", "models.aws:LambdaProvisionedConcurrency"),
    "aws:glue/crawler:Crawler": ("mappers.aws:glue_crawler", "models.aws:GlueCrawler"),
    "aws:glue/job:Job": ("mappers.aws:glue_job", "models.aws:GlueJob"),
    "aws:route53/zone:Zone": ("mappers.aws:route53_zone", "models.aws:HostedZone"),
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": ("mappers.aws:dns_namespace", "models.aws:HostedZone"),
    "aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace": ("mappers.aws:dns_namespace", "models.aws:HostedZone"),
    # AWS compute: EC2, Auto Scaling, EKS
    "aws:ec2/instance:Instance": ("mappers.aws:ec2_instance", "models.aws:Ec2Members"),
    "aws:autoscaling/group:Group": ("mappers.aws:autoscaling_group", "models.common:ScaledGroup"),
    "aws:eks/cluster:Cluster": ("mappers.aws:eks_cluster", "models.common:Hourly"),
    "aws:eks/nodeGroup:NodeGroup": ("mappers.aws:eks_node_group", "models.common:ScaledGroup"),
    # AWS networking and storage
    "aws:ec2/eip:Eip": ("mappers.aws:eip", "models.common:Hourly"),
    "aws:ec2/natGateway:NatGateway": ("mappers.aws:nat_gateway", "models.common:Metered"),
    "aws:lb/loadBalancer:LoadBalancer": ("mappers.aws:load_balancer", "models.aws:LoadBalancer"),
    "aws:alb/loadBalancer:LoadBalancer": ("mappers.aws:load_balancer", "models.aws:LoadBalancer"),
    "aws:ebs/volume:Volume": ("mappers.aws:ebs_volume", "models.common:Volume"),
    "aws:s3/bucket:Bucket": ("mappers.aws:s3_bucket", "models.aws:S3Bucket"),
    "aws:s3/bucketV2:BucketV2": ("mappers.aws:s3_bucket", "models.aws:S3Bucket"),
    # Azure (older azure-native module spellings map to the same mapper)
    "azure-native:network:AzureFirewall": ("mappers.azure:azure_firewall", "models.common:Hourly"),
    "azure-native:network:BastionHost": ("mappers.azure:bastion_host", "models.common:Hourly"),
    "azure-native:network:VirtualNetworkGateway": ("mappers.azure:vpn_gateway", "models.common:Hourly"),
    "azure-native:containerregistry:Registry": ("mappers.azure:container_registry", "models.common:Hourly"),
    "azure-native:synapse:SqlPool": ("mappers.azure:synapse_sql_pool", "models.common:Hourly"),
    "azure-native:sql:Database": ("mappers.azure:sql_database", "models.azure:SqlDatabase"),
    "azure-native:cdn:Profile": ("mappers.azure:cdn_profile", "models.common:NoCharge"),
    "azure-native:cdn:Endpoint": ("mappers.azure:cdn_endpoint", "models.azure:CdnEndpoint"),
    "azure-native:network:VirtualNetworkPeering": ("mappers.azure:vnet_peering", "models.azure:VnetPeering"),
    "azure-native:synapse:Workspace": ("mappers.azure:synapse_workspace", "models.azure:SynapseWorkspace"),
    "azure-native:synapse:BigDataPool": ("mappers.azure:spark_pool", "models.azure:SparkPool"),
    "azure-native:containerinstance:ContainerGroup": ("mappers.azure:container_group", "models.azure:ContainerGroup"),
    "azure-native:logic:Workflow": ("mappers.azure:logic_workflow", "models.azure:LogicWorkflow"),
    "azure-native:app:ContainerApp": ("mappers.azure:container_app", "models.common:ServerlessContainer"),
    "azure-native:app:ManagedEnvironment": ("mappers.azure:managed_environment", "models.common:NoCharge"),
    "azure-native:web:AppServicePlan": ("mappers.azure:app_service_plan", "models.azure:AppServicePlan"),
    "azure-native:cognitiveservices:Deployment": ("mappers.azure:openai_deployment", "models.azure:OpenAIPayAsYouGo"),
    "azure-native:redis:Redis": ("mappers.azure:redis_cache", "models.azure:RedisCache"),
    "azure-native:cache:Redis": ("mappers.azure:redis_cache", "models.azure:RedisCache"),
    "azure-native:search:Service": ("mappers.azure:search_service", "models.azure:SearchService"),
    "azure-native:cosmosdb:DatabaseAccount": ("mappers.azure:cosmos_account", "models.azure:CosmosAccount"),
    "azure-native:documentdb:DatabaseAccount": ("mappers.azure:cosmos_account", "models.azure:CosmosAccount"),
    "azure-native:cosmosdb:SqlResourceSqlDatabase": ("mappers.azure:cosmos_throughput", "models.azure:ProvisionedThroughput"),
    "azure-native:cosmosdb:SqlResourceSqlContainer": ("mappers.azure:cosmos_throughput", "models.azure:ProvisionedThroughput"),
    "azure-native:documentdb:SqlResourceSqlDatabase": ("mappers.azure:cosmos_throughput", "models.azure:ProvisionedThroughput"),
    "azure-native:documentdb:SqlResourceSqlContainer": ("mappers.azure:cosmos_throughput", "models.azure:ProvisionedThroughput"),
    "azure-native:operationalinsights:Workspace": ("mappers.azure:log_workspace", "models.azure:LogWorkspace"),
    "azure-native:applicationinsights:Component": ("mappers.azure:app_insights", "models.azure:LogWorkspace"),
    "azure-native:insights:Component": ("mappers.azure:app_insights", "models.azure:LogWorkspace"),
    "azure-native:network:PublicIPAddress": ("mappers.azure:public_ip", "models.common:Hourly"),
    "azure-native:network:LoadBalancer": ("mappers.azure:load_balancer", "models.common:Metered"),
    "azure-native:network:NatGateway": ("mappers.azure:nat_gateway", "models.common:Metered"),
    "azure-native:monitor:MetricAlert": ("mappers.azure:metric_alert", "models.azure:MetricAlertRule"),
    "azure-native:insights:MetricAlert": ("mappers.azure:metric_alert", "models.azure:MetricAlertRule"),
    "azure-native:storage:StorageAccount": ("mappers.azure:storage_account", "models.azure:BlobStorage"),
    "azure-native:keyvault:Vault": ("mappers.azure:key_vault", "models.azure:KeyVault"),
    "azure-native:compute:VirtualMachine": ("mappers.azure:virtual_machine", "models.common:Machines"),
    "azure-native:compute:VirtualMachineScaleSet": ("mappers.azure:scale_set", "models.common:ScaledGroup"),
    "azure-native:compute:Disk": ("mappers.azure:managed_disk", "models.common:Volume"),
    # Azure through the classic provider (pulumi_azure)
    "azure:compute/linuxVirtualMachine:LinuxVirtualMachine": ("mappers.azure:classic_linux_vm", "models.common:Machines"),
    "azure:compute/windowsVirtualMachine:WindowsVirtualMachine": ("mappers.azure:windows_vm", "models.common:Machines"),
    "azure:compute/windowsVirtualMachineScaleSet:WindowsVirtualMachineScaleSet": ("mappers.azure:windows_vm", "models.common:ScaledGroup"),
    "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet": ("mappers.azure:classic_linux_scale_set", "models.common:ScaledGroup"),
    "azure:compute/managedDisk:ManagedDisk": ("mappers.azure:classic_managed_disk", "models.common:Volume"),
    "azure:network/publicIp:PublicIp": ("mappers.azure:public_ip", "models.common:Hourly"),
    "azure:containerservice/kubernetesCluster:KubernetesCluster": ("mappers.azure:classic_kubernetes_cluster", "models.azure:ClassicAksCluster"),
    "azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool": ("mappers.azure:classic_node_pool", "models.common:ScaledGroup"),
    "azure-native:containerservice:ManagedCluster": ("mappers.azure:managed_cluster", "models.azure:AksCluster"),
    "azure-native:containerservice:AgentPool": ("mappers.azure:agent_pool", "models.common:ScaledGroup"),
    # GCP compute: Compute Engine, GKE
    "gcp:compute/instance:Instance": ("mappers.gcp:compute_instance", "models.common:Machines"),
    "gcp:compute/instanceGroupManager:InstanceGroupManager": ("mappers.gcp:instance_group", "models.common:ScaledGroup"),
    "gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager": ("mappers.gcp:instance_group", "models.common:ScaledGroup"),
    "gcp:compute/disk:Disk": ("mappers.gcp:disk", "models.common:Volume"),
    "gcp:compute/regionDisk:RegionDisk": ("mappers.gcp:disk", "models.common:Volume"),
    "gcp:container/cluster:Cluster": ("mappers.gcp:gke_cluster", "models.gcp:GkeCluster"),
    "gcp:container/nodePool:NodePool": ("mappers.gcp:node_pool", "models.common:ScaledGroup"),
    # GCP networking
    "gcp:compute/forwardingRule:ForwardingRule": ("mappers.gcp:forwarding_rule", "models.common:Metered"),
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": ("mappers.gcp:forwarding_rule", "models.common:Metered"),
    "gcp:compute/address:Address": ("mappers.gcp:address", "models.common:Hourly"),
    "gcp:compute/globalAddress:GlobalAddress": ("mappers.gcp:address", "models.common:Hourly"),
    "gcp:compute/routerNat:RouterNat": ("mappers.gcp:router_nat", "models.common:Metered"),
    # GCP storage, secrets, monitoring
    "gcp:storage/bucket:Bucket": ("mappers.gcp:gcs_bucket", "models.gcp:GcsBucket"),
    "gcp:secretmanager/secret:Secret": ("mappers.gcp:secret", "models.gcp:SecretAccess"),
    "gcp:secretmanager/secretVersion:SecretVersion": ("mappers.gcp:secret_version", "models.gcp:SecretVersion"),
    "gcp:monitoring/alertPolicy:AlertPolicy": ("mappers.gcp:alert_policy", "models.gcp:AlertPolicy"),
    # GCP services
    "gcp:sql/databaseInstance:DatabaseInstance": ("mappers.gcp:cloud_sql", "models.gcp:CloudSqlInstance"),
    "gcp:cloudrunv2/service:Service": ("mappers.gcp:cloud_run_v2", "models.common:ServerlessContainer"),
    "gcp:cloudrun/service:Service": ("mappers.gcp:cloud_run_v1", "models.common:ServerlessContainer"),
    "gcp:redis/instance:Instance": ("mappers.gcp:memorystore", "models.gcp:Memorystore"),
    "gcp:firestore/database:Database": ("mappers.gcp:firestore", "models.gcp:Firestore"),
    "gcp:cloudfunctions/function:Function": ("mappers.gcp:cloud_function", "models.gcp:CloudFunction"),
    "gcp:artifactregistry/repository:Repository": ("mappers.gcp:artifact_registry", "models.common:StoredGigabytes"),
    "gcp:vertex/aiEndpoint:AiEndpoint": ("mappers.gcp:vertex_endpoint", "models.common:NoCharge"),
    "gcp:vertex/aiEndpointWithModelGardenDeployment:AiEndpointWithModelGardenDeployment": ("mappers.gcp:vertex_model_garden", "models.gcp:VertexDeployment"),
}

PricerFn = Callable[[PriceContext], list[CostComponent]]


@dataclasses.dataclass(frozen=True)
class Pricer:
    types: tuple[str, ...]
    fn: PricerFn
    usage_keys: tuple[UsageKey, ...] = ()
    regional: bool = True  # needs a region (global services say False)


_REGISTRY: dict[str, Pricer] = {}


def registry() -> dict[str, Pricer]:
    """All pricers by type token (imports every mapper and model module)."""
    for token in TYPED:
        lookup(token)
    return _REGISTRY


_PACKAGE = __name__.rpartition(".")[0]


def _resolve(ref: str) -> Any:
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(f"{_PACKAGE}.{module}"), name)


def _register_typed(token: str, mapper: Callable[[PriceContext], Any], model: type) -> None:
    """One two-layer pricer: map the inputs to the typed model, then price the model."""

    def fn(ctx: PriceContext) -> list[CostComponent]:
        return mapper(ctx).cost(ctx)

    fn.__name__ = getattr(mapper, "__name__", "typed")
    _REGISTRY[token] = Pricer(types=(token,), fn=fn, usage_keys=tuple(getattr(model, "USAGE", ())),
                              regional=getattr(model, "REGIONAL", True))


def lookup(token: str) -> Optional[Pricer]:
    """The pricer of a type token, or None. A two-layer pricer's mapper and model modules are
    imported on the first lookup of one of their tokens (a plan pays only for the services it
    has: building the model dataclasses is most of a registry's start-up)."""
    entry = _REGISTRY.get(token)
    if entry is None and token in TYPED:
        mapper, model = TYPED[token]
        _register_typed(token, _resolve(mapper), _resolve(model))
        entry = _REGISTRY[token]
    return entry
