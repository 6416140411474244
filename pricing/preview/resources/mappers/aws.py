"""AWS mappers: Pulumi inputs (``aws:`` provider, camelCase) -> the typed models of
``models/aws.py``, with the provider's defaults applied where AWS applies them.

Volume defaults follow EC2: an instance without ``rootBlockDevice`` gets its AMI's root
volume, which a preview does not show, so an 8 GB gp2 root volume is assumed and named so.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping, Optional

from llmkit.pricing.preview.plan import UNKNOWN
from llmkit.pricing.preview.resources.base import NotPriced, UnknownInput, as_int, as_mapping, as_objects
from llmkit.pricing.preview.resources.context import PriceContext
from llmkit.pricing.preview.resources.models import aws as m
from llmkit.pricing.preview.resources.models.common import Hourly, Metered, Monthly, NoCharge, ScaledGroup, StoredGigabytes, Volume

TASK_DEFINITIONS = ("aws:ecs/taskDefinition:TaskDefinition",)
ENDPOINT_CONFIGS = ("aws:sagemaker/endpointConfiguration:EndpointConfiguration",)


def rds_instance(ctx: PriceContext) -> m.RdsInstance:
    """Storage size and IOPS that are unknown at preview (from a snapshot or source instance, or
    computed) become unknown parts of the instance; the rest is priced."""
    raw_size, raw_iops = ctx.inputs.get("allocatedStorage"), ctx.inputs.get("iops")
    if raw_size is None and not (ctx.get("snapshotIdentifier") or ctx.get("replicateSourceDb")):
        raise UnknownInput("allocatedStorage is not set")
    return m.RdsInstance(
        engine=(ctx.get("engine") or None) and str(ctx.get("engine")).lower(),
        byol=ctx.get("licenseModel") == "bring-your-own-license",
        klass=ctx.require("instanceClass"),
        multi_az=bool(ctx.get("multiAz")),
        storage_type=ctx.get("storageType") or ("io1" if raw_iops else "gp2"),  # the RDS API's default
        storage_gb=None if raw_size in (None, UNKNOWN) else as_int(raw_size, "allocatedStorage"),
        iops=None if raw_iops in (None, UNKNOWN) else as_int(raw_iops, "iops"),
        iops_unknown=raw_iops == UNKNOWN,
    )


def aurora_cluster(ctx: PriceContext) -> m.AuroraCluster:
    engine = str(ctx.get("engine") or "aurora-mysql")
    if not engine.startswith("aurora"):
        raise NotPriced(f"a Multi-AZ DB cluster of {engine} is not priced (only Aurora clusters)")
    if (ctx.get("engineMode") or "provisioned") == "serverless":
        raise NotPriced("Aurora Serverless v1 is not priced")
    scaling = ctx.get("serverlessv2ScalingConfiguration")
    acu_min = None if not scaling else ctx.number("serverlessv2ScalingConfiguration", "minCapacity", default=Decimal("0.5"))
    return m.AuroraCluster(engine=engine, io_optimized=ctx.get("storageType") == "aurora-iopt1", acu_min=acu_min)


def aurora_instance(ctx: PriceContext) -> m.AuroraInstance:
    return m.AuroraInstance(engine=str(ctx.require("engine")), klass=ctx.require("instanceClass"))


def _cache_engine(ctx: PriceContext) -> str:
    return str(ctx.get("engine") or "redis").lower()


def elasticache_cluster(ctx: PriceContext) -> m.CacheNodes:
    if ctx.get("nodeType") is None and ctx.get("replicationGroupId"):
        raise UnknownInput("node type comes from its replication group")
    nodes = as_int(ctx.get("numCacheNodes", default=1), "numCacheNodes")
    return m.CacheNodes(engine=_cache_engine(ctx), node_type=ctx.require("nodeType"), nodes=nodes)


def elasticache_group(ctx: PriceContext) -> m.CacheNodes:
    node = ctx.require("nodeType")
    if ctx.get("numCacheClusters") is not None:
        nodes = as_int(ctx.get("numCacheClusters"), "numCacheClusters")
    else:
        shards = as_int(ctx.get("numNodeGroups", default=1), "numNodeGroups")
        replicas = as_int(ctx.get("replicasPerNodeGroup", default=0), "replicasPerNodeGroup")
        nodes = shards * (replicas + 1)
    return m.CacheNodes(engine=_cache_engine(ctx), node_type=node, nodes=nodes)


LAMBDA_FUNCTION = "aws:lambda/function:Function"


def _memory_and_architecture(inputs: Any) -> tuple[int, str]:
    """A function's memory (Lambda's default 128 MB) and architecture (default x86_64)."""
    archs = inputs.get("architectures") or ["x86_64"]
    return as_int(inputs.get("memorySize", 128), "memorySize"), str(archs[0])


def lambda_function(ctx: PriceContext) -> m.LambdaFunction:
    memory, arch = _memory_and_architecture(ctx.inputs)
    return m.LambdaFunction(memory_mb=memory, architecture=arch)


def lambda_provisioned_concurrency(ctx: PriceContext) -> m.LambdaProvisionedConcurrency:
    """Executions from the config; memory and architecture from the function it names."""
    executions = as_int(ctx.require("provisionedConcurrentExecutions"), "provisionedConcurrentExecutions")
    function = ctx.referenced("functionName", (LAMBDA_FUNCTION,), ctx.inputs.get("functionName"))
    if function is None:
        raise UnknownInput("the function (its memory and architecture set the price) is not in the plan")
    memory, arch = _memory_and_architecture(function)
    return m.LambdaProvisionedConcurrency(executions=executions, memory_mb=memory, architecture=arch)


COGNITO_PLANS = ("LITE", "ESSENTIALS", "PLUS")  # userPoolTier's values (pulumi_aws cognito.UserPool)


def cognito_user_pool(ctx: PriceContext) -> m.CognitoUserPool:
    """The pool's feature plan: ``userPoolTier``, else Essentials (AWS's default for a new
    pool, per the Cognito developer guide's "User pool feature plans")."""
    plan = str(ctx.get("userPoolTier") or "ESSENTIALS").upper()
    if plan not in COGNITO_PLANS:
        raise NotPriced(f"user pool tier {plan} is not priced (LITE, ESSENTIALS and PLUS are)")
    return m.CognitoUserPool(plan=plan.lower())


def rest_api(ctx: PriceContext) -> m.ApiGateway:
    return m.ApiGateway(kind="rest")


def http_api(ctx: PriceContext) -> m.ApiGateway:
    protocol = ctx.require("protocolType")
    if protocol != "HTTP":
        raise NotPriced(f"{protocol} APIs are not priced (HTTP and REST APIs are)")
    return m.ApiGateway(kind="http")


def sqs_queue(ctx: PriceContext) -> m.SqsQueue:
    return m.SqsQueue(fifo=bool(ctx.get("fifoQueue")))


def dynamodb_table(ctx: PriceContext) -> m.DynamoTable:
    on_demand = (ctx.get("billingMode") or "PROVISIONED") == "PAY_PER_REQUEST"
    read = write = 0
    if not on_demand:
        read = as_int(ctx.get("readCapacity", default=0), "readCapacity")
        write = as_int(ctx.get("writeCapacity", default=0), "writeCapacity")
    return m.DynamoTable(on_demand=on_demand, write_capacity=write, read_capacity=read)


def ecs_service(ctx: PriceContext) -> Any:
    """A service's tasks priced on Fargate from its task definition's size; on EC2 capacity
    the instances bill (and are priced) on their own."""
    strategies = ctx.get("capacityProviderStrategies") or []
    providers = {s.get("capacityProvider") for s in strategies if isinstance(s, dict)}
    fargate = providers & {"FARGATE", "FARGATE_SPOT"} if providers else ({"FARGATE"} if ctx.get("launchType") == "FARGATE" else set())
    if not fargate:  # the ECS API's default launch type is EC2
        return NoCharge("tasks run on EC2 or external capacity, priced with those instances")
    if fargate == {"FARGATE_SPOT"}:
        raise UnknownInput("no catalog price for Fargate Spot")
    task = ctx.referenced("taskDefinition", TASK_DEFINITIONS, ctx.inputs.get("taskDefinition"))
    if task is None:
        raise UnknownInput("task definition not found in the plan (its size sets the price)")
    desired = ctx.get("desiredCount")
    if desired is None:
        raise UnknownInput("desiredCount is not set (the task count comes from autoscaling)")
    arch = str(((task.get("runtimePlatform") or {}).get("cpuArchitecture") or "X86_64")).lower()
    return m.FargateService(
        vcpu=_task_size(task.get("cpu"), "task cpu") / 1024,
        memory_gb=_task_size(task.get("memory"), "task memory") / 1024,
        tasks=as_int(desired, "desiredCount"),
        architecture="arm64" if arch == "arm64" else "x86_64",
    )


def _task_size(value: Any, what: str) -> Decimal:
    """Task cpu units (1024 = 1 vCPU) or memory MiB; ``"1 vCPU"`` / ``"2 GB"`` forms too."""
    if value is None or value == UNKNOWN:
        raise UnknownInput(f"{what} is unknown")
    text = str(value).strip().lower()
    for suffix, scale in (("vcpu", 1024), ("gb", 1024)):
        if text.endswith(suffix):
            return Decimal(text[: -len(suffix)].strip()) * scale
    return Decimal(as_int(text, what))


def ecr_repository(ctx: PriceContext) -> StoredGigabytes:
    return StoredGigabytes(item="ecr_storage_gb_month", label="Image storage")


def efs_file_system(ctx: PriceContext) -> StoredGigabytes:
    if ctx.get("throughputMode") == "provisioned":
        raise NotPriced("provisioned throughput is not priced")
    return StoredGigabytes(item="efs_storage_gb_month:standard", label="Storage (Standard)")


def opensearch_domain(ctx: PriceContext) -> m.OpenSearchDomain:
    data_type = ctx.require("clusterConfig", "instanceType")
    data_count = as_int(ctx.get("clusterConfig", "instanceCount", default=1), "clusterConfig.instanceCount")
    nodes = [(data_type, data_count, "Data")]
    if ctx.get("clusterConfig", "dedicatedMasterEnabled"):
        nodes.append((ctx.require("clusterConfig", "dedicatedMasterType"),
                      as_int(ctx.get("clusterConfig", "dedicatedMasterCount", default=3), "dedicatedMasterCount"), "Dedicated master"))
    ebs = bool(ctx.get("ebsOptions", "ebsEnabled"))
    size = ctx.get("ebsOptions", "volumeSize") if ebs else None
    return m.OpenSearchDomain(
        nodes=tuple(nodes), volume_gb=None if size is None else as_int(size, "ebsOptions.volumeSize"),
        volume_type=ctx.get("ebsOptions", "volumeType") or "gp2", data_nodes=data_count,
    )


def opensearch_serverless(ctx: PriceContext) -> m.OpenSearchServerless:
    return m.OpenSearchServerless(kind=str(ctx.get("type") or "TIMESERIES"))


def cloudfront_distribution(ctx: PriceContext) -> m.CloudFrontDistribution:
    return m.CloudFrontDistribution(price_class=str(ctx.get("priceClass") or "PriceClass_All"))


def sagemaker_endpoint(ctx: PriceContext) -> m.SageMakerEndpoint:
    config = ctx.referenced("endpointConfigName", ENDPOINT_CONFIGS, ctx.inputs.get("endpointConfigName"))
    if config is None:
        raise UnknownInput("endpoint configuration not found in the plan (its instances set the price)")
    variants = []
    for v in config.get("productionVariants") or []:
        if v.get("serverlessConfig"):
            raise NotPriced("serverless inference variants are not priced")
        itype: Optional[str] = v.get("instanceType")
        if not itype or itype == UNKNOWN:
            raise UnknownInput("a production variant's instanceType is not known")
        variants.append((itype, as_int(v.get("initialInstanceCount", 1), "initialInstanceCount")))
    if not variants:
        raise UnknownInput("the endpoint configuration has no production variants")
    return m.SageMakerEndpoint(variants=tuple(variants))


def rest_stage(ctx: PriceContext) -> NoCharge:
    if ctx.get("cacheClusterEnabled"):
        raise NotPriced("the stage's cache cluster is not priced")
    return NoCharge("a stage without a cache cluster bills through its API's requests")


def vpc_endpoint(ctx: PriceContext) -> NoCharge:
    kind = ctx.get("vpcEndpointType") or "Gateway"
    if kind != "Gateway":
        raise NotPriced(f"{kind} endpoints (hourly per AZ plus data) are not priced")
    return NoCharge("gateway endpoints carry no charge")


# Hourly units of one price row: the resource is priced where the row is sourced and is
# unknown-input naming the price elsewhere (a live price refresh fills it).


def kms_key(ctx: PriceContext) -> Monthly:
    return Monthly("kms_key_month", "Customer managed key", 1, "KMS key")


def kinesis_stream(ctx: PriceContext) -> Hourly:
    if (ctx.get("streamModeDetails", "streamMode") or "PROVISIONED") == "ON_DEMAND":
        raise NotPriced("on-demand streams are not priced (provisioned shards are)")
    shards = as_int(ctx.require("shardCount"), "shardCount")
    return Hourly("kinesis_shard_hour", f"Shards ({shards})", shards, "Kinesis shard-hour")


def transit_gateway_attachment(ctx: PriceContext) -> Hourly:
    return Hourly("transit_gateway_attachment_hour", "Transit gateway attachment", 1, "transit gateway attachment-hour")


def network_firewall(ctx: PriceContext) -> Hourly:
    endpoints = len(ctx.get("subnetMappings") or []) or 1
    return Hourly("network_firewall_endpoint_hour", f"Firewall endpoints ({endpoints})", endpoints, "Network Firewall endpoint-hour")


def redshift_cluster(ctx: PriceContext) -> Hourly:
    node = ctx.require("nodeType")
    nodes = as_int(ctx.get("numberOfNodes", default=1), "numberOfNodes")
    return Hourly(f"redshift_node_hour:{node}", f"Nodes ({nodes} x {node})", nodes, f"Redshift {node} node-hour")


def metric_alarm(ctx: PriceContext) -> m.MetricAlarm:
    return m.MetricAlarm()


def dashboard(ctx: PriceContext) -> m.Dashboard:
    return m.Dashboard()


def log_group(ctx: PriceContext) -> m.LogGroup:
    return m.LogGroup()


def secret(ctx: PriceContext) -> m.Secret:
    return m.Secret()


def budget(ctx: PriceContext) -> m.Budget:
    return m.Budget()


def state_machine(ctx: PriceContext) -> m.StateMachine:
    return m.StateMachine(express=str(ctx.get("type") or "STANDARD").upper() == "EXPRESS")


def event_bus(ctx: PriceContext) -> m.EventBus:
    return m.EventBus()


def appsync_api(ctx: PriceContext) -> m.AppSyncApi:
    return m.AppSyncApi()


def glue_crawler(ctx: PriceContext) -> m.GlueCrawler:
    return m.GlueCrawler()


# DPUs per worker of each Glue worker type (docs.aws.amazon.com/glue/latest/dg/add-job.html);
# a job with neither workers nor maxCapacity gets Glue's default allocation.
GLUE_WORKER_DPUS = {"Standard": Decimal(1), "G.025X": Decimal("0.25"), "G.1X": Decimal(1), "G.2X": Decimal(2),
                    "G.4X": Decimal(4), "G.8X": Decimal(8), "Z.2X": Decimal(2)}
GLUE_DEFAULT_DPUS = {"glueetl": Decimal(10), "gluestreaming": Decimal(10), "pythonshell": Decimal("0.0625")}


def glue_job(ctx: PriceContext) -> m.GlueJob:
    workers = ctx.get("numberOfWorkers")
    if workers is not None:
        kind = str(ctx.require("workerType"))
        if kind not in GLUE_WORKER_DPUS:
            raise NotPriced(f"worker type {kind} is not priced")
        return m.GlueJob(dpus=as_int(workers, "numberOfWorkers") * GLUE_WORKER_DPUS[kind])
    capacity = ctx.number("maxCapacity")
    if capacity is not None:
        return m.GlueJob(dpus=capacity)
    command = str(ctx.get("command", "name") or "glueetl")
    if command not in GLUE_DEFAULT_DPUS:
        raise NotPriced(f"{command} jobs are not priced")
    return m.GlueJob(dpus=GLUE_DEFAULT_DPUS[command])


def route53_zone(ctx: PriceContext) -> m.HostedZone:
    return m.HostedZone("Hosted zone")


def dns_namespace(ctx: PriceContext) -> m.HostedZone:
    return m.HostedZone("Hosted zone (created by the namespace)")


# ---------------------------------------------------------------- networking and storage

EIP = Hourly("public_ipv4_hour", "Public IPv4 address", 1, "Public IPv4 address")
NAT_GATEWAY = Metered("NAT gateway", "nat_gateway_hour", "nat_gateway_gb")
S3_BUCKET = m.S3Bucket()


def eip(ctx: PriceContext) -> Hourly:
    return EIP


def nat_gateway(ctx: PriceContext) -> Metered:
    return NAT_GATEWAY


def load_balancer(ctx: PriceContext) -> m.LoadBalancer:
    kind = (ctx.get("loadBalancerType") or "application").lower()
    if kind not in m.LOAD_BALANCER_KINDS:
        raise NotPriced(f"{kind} load balancers are not priced")
    return m.LoadBalancer(kind)


def ebs_volume(ctx: PriceContext) -> Volume:
    """A volume's size and type (gp2 when not set, as EC2 defaults); a size from a snapshot is
    only known at apply."""
    size = ctx.get("size")
    if size is None:
        ctx.require("size")
    disk_type = ctx.get("type") or "gp2"
    return Volume(disk_type, as_int(size, "Storage size"), "Storage")


def s3_bucket(ctx: PriceContext) -> m.S3Bucket:
    return S3_BUCKET


# ---------------------------------------------------------------- compute (EC2, Auto Scaling, EKS)

LAUNCH_TEMPLATES = ("aws:ec2/launchTemplate:LaunchTemplate",)
LAUNCH_CONFIGURATIONS = ("aws:ec2/launchConfiguration:LaunchConfiguration",)
DEFAULT_ROOT_GB = 8
DEFAULT_VOLUME_TYPE = "gp2"
ASSUMED_ROOT = ("Root volume (assumed AMI default)", DEFAULT_ROOT_GB, DEFAULT_VOLUME_TYPE)
DEFAULT_NODE_TYPE = "t3.medium"  # EKS's default when instanceTypes is not set
DEFAULT_NODE_DISK_GB = 20


def _size(value: Any, what: str) -> Any:
    """A volume size as a bounded whole number; not set or unknown stays as it is (an unknown
    part of the instance, priced downstream)."""
    return value if value is None or value == UNKNOWN else as_int(value, what)


def _volumes_from_instance(inputs: Mapping[str, Any]) -> tuple[tuple[str, Any, str], ...]:
    root = as_mapping(inputs.get("rootBlockDevice"), "rootBlockDevice")
    if root:
        size = root.get("volumeSize")
        vols = [("Root volume", DEFAULT_ROOT_GB if size is None else _size(size, "rootBlockDevice.volumeSize"), root.get("volumeType") or DEFAULT_VOLUME_TYPE)]
    else:
        vols = [ASSUMED_ROOT]
    for i, dev in enumerate(as_objects(inputs.get("ebsBlockDevices"), "ebsBlockDevices")):
        # no volumeSize: the size comes from a snapshot, an unknown part of the instance
        vols.append((f"EBS volume {i + 1}", _size(dev.get("volumeSize"), f"ebsBlockDevices[{i}].volumeSize"), dev.get("volumeType") or DEFAULT_VOLUME_TYPE))
    return tuple(vols)


def _volumes_from_template(inputs: Mapping[str, Any]) -> tuple[tuple[str, Any, str], ...]:
    vols = []
    for i, dev in enumerate(inputs.get("blockDeviceMappings") or []):
        ebs = dev.get("ebs") or {}
        if not ebs:
            continue
        vols.append((f"EBS volume {i + 1}", ebs.get("volumeSize"), ebs.get("volumeType") or DEFAULT_VOLUME_TYPE))
    return tuple(vols) or (ASSUMED_ROOT,)


def template_shape(ctx: PriceContext, key: str, ref: Optional[Mapping[str, Any]], *, instance_type: Any = None, spot: bool = False) -> m.LaunchShape:
    """The shape of a launch template referenced by ``ref`` ({id|name, version}); an
    ``instance_type`` or ``spot`` of the referrer overrides the template's."""
    ident = None
    if ref:
        ident = ref.get("id") or ref.get("name") or ref.get("launchTemplateId") or ref.get("launchTemplateName")
    lt = ctx.referenced(key, LAUNCH_TEMPLATES, ref=ident)
    if lt is None:
        raise UnknownInput("its launch template is not in this plan")
    itype = instance_type or lt.get("instanceType")
    if not itype:
        raise UnknownInput("the launch template sets no instanceType")
    market = (lt.get("instanceMarketOptions") or {}).get("marketType")
    return m.LaunchShape(itype, market == "spot" or spot, _volumes_from_template(lt))


def ec2_instance(ctx: PriceContext) -> m.Ec2Members:
    itype = ctx.get("instanceType")
    spot = (ctx.get("instanceMarketOptions", "marketType") or "") == "spot"
    if not itype:
        shape = template_shape(ctx, "launchTemplate", ctx.get("launchTemplate") or {}, spot=spot)
    else:
        shape = m.LaunchShape(itype, spot, _volumes_from_instance(ctx.inputs))
    return m.Ec2Members(shape)


def _group_shape(ctx: PriceContext) -> tuple[m.LaunchShape, Optional[Mapping[str, Any]]]:
    """A group's member shape (mixed instances policy, launch template or launch
    configuration) and its instances distribution (None without a mixed instances policy)."""
    mixed = ctx.get("mixedInstancesPolicy")
    if mixed:
        spec = ctx.get("mixedInstancesPolicy", "launchTemplate", "launchTemplateSpecification") or {}
        overrides = ctx.get("mixedInstancesPolicy", "launchTemplate", "overrides") or []
        first = overrides[0].get("instanceType") if overrides and isinstance(overrides[0], dict) else None
        shape = template_shape(ctx, "mixedInstancesPolicy", spec, instance_type=first)
        return shape, ctx.get("mixedInstancesPolicy", "instancesDistribution") or {}
    if ctx.get("launchTemplate"):
        return template_shape(ctx, "launchTemplate", ctx.get("launchTemplate")), None
    lc_ref = ctx.get("launchConfiguration")
    if lc_ref:
        lc = ctx.referenced("launchConfiguration", LAUNCH_CONFIGURATIONS, ref=lc_ref)
        if lc is None:
            raise UnknownInput("its launch configuration is not in this plan")
        if not lc.get("instanceType"):
            raise UnknownInput("the launch configuration sets no instanceType")
        return m.LaunchShape(lc["instanceType"], bool(lc.get("spotPrice")), _volumes_from_instance(lc)), None
    raise UnknownInput("no launch template or launch configuration is set")


def autoscaling_group(ctx: PriceContext) -> ScaledGroup:
    lo = as_int(ctx.require("minSize"), "minSize")
    hi = as_int(ctx.require("maxSize"), "maxSize")
    desired_raw = ctx.get("desiredCapacity")
    desired = as_int(desired_raw, "desiredCapacity") if desired_raw is not None else lo
    shape, dist = _group_shape(ctx)
    base = as_int(dist.get("onDemandBaseCapacity", 0), "onDemandBaseCapacity") if dist else 0
    pct = as_int(dist.get("onDemandPercentageAboveBaseCapacity", 100), "onDemandPercentageAboveBaseCapacity") if dist else 100
    return ScaledGroup(m.Ec2Members(shape, base, pct), lo, desired, hi)


EKS_CONTROL_PLANE = Hourly("k8s_control_plane_hour", "EKS control plane", 1, "EKS control plane")


def eks_cluster(ctx: PriceContext) -> Hourly:
    return EKS_CONTROL_PLANE


def eks_node_group(ctx: PriceContext) -> ScaledGroup:
    """A managed node group: its launch template's shape, else ``instanceTypes[0]`` (EKS's
    default type when not set) with a gp2 node disk of ``diskSize``."""
    ctx.require("scalingConfig")
    scaling = ctx.mapping("scalingConfig")
    lo = as_int(scaling.get("minSize"), "scalingConfig.minSize")
    hi = as_int(scaling.get("maxSize"), "scalingConfig.maxSize")
    desired = as_int(scaling.get("desiredSize", lo), "scalingConfig.desiredSize")
    types = ctx.get("instanceTypes") or []
    spot = (ctx.get("capacityType") or "ON_DEMAND").upper() == "SPOT"
    lt_ref = ctx.get("launchTemplate")
    if lt_ref:
        shape = template_shape(ctx, "launchTemplate", lt_ref, instance_type=types[0] if types else None, spot=spot)
        members = m.Ec2Members(shape, label="Node usage")
    else:
        shape = m.LaunchShape(types[0] if types else DEFAULT_NODE_TYPE, spot, ())
        members = m.Ec2Members(shape, label="Node usage", node_disk_gb=ctx.get("diskSize") or DEFAULT_NODE_DISK_GB)
    return ScaledGroup(members, lo, desired, hi)
