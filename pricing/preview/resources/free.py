"""Types that carry no charge of their own (networks, subnets, routes, security groups and
rules, IAM, resource groups, templates priced through the groups that use them, ...).

A type here lands in the ``free`` bucket; a type neither here nor in the registry is
``unsupported`` and listed, never dropped. A trailing ``*`` makes an entry a prefix.
"""

from __future__ import annotations

from functools import lru_cache

FREE_TYPES: tuple[str, ...] = (
    # AWS
    "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/routeTable:RouteTable",
    "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/route:Route",
    "aws:ec2/internetGateway:InternetGateway", "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
    "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:ec2/defaultVpc:DefaultVpc", "aws:ec2/defaultSubnet:DefaultSubnet",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "aws:ec2/defaultRouteTable:DefaultRouteTable",
    "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation", "aws:ec2/networkAcl:NetworkAcl",
    "aws:ec2/networkAclRule:NetworkAclRule", "aws:ec2/keyPair:KeyPair", "aws:ec2/placementGroup:PlacementGroup",
    "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/launchConfiguration:LaunchConfiguration",
    "aws:ec2/tag:Tag", "aws:ec2/eipAssociation:EipAssociation", "aws:ec2/volumeAttachment:VolumeAttachment",
    "aws:ec2/vpcDhcpOptions:VpcDhcpOptions", "aws:ec2/vpcDhcpOptionsAssociation:VpcDhcpOptionsAssociation",
    "aws:iam/*", "aws:autoscaling/policy:Policy", "aws:autoscaling/attachment:Attachment",
    "aws:autoscaling/schedule:Schedule", "aws:autoscaling/lifecycleHook:LifecycleHook",
    "aws:autoscaling/tag:Tag", "aws:appautoscaling/*",
    "aws:lb/targetGroup:TargetGroup", "aws:lb/listener:Listener", "aws:lb/listenerRule:ListenerRule",
    "aws:lb/targetGroupAttachment:TargetGroupAttachment", "aws:alb/targetGroup:TargetGroup",
    "aws:alb/listener:Listener", "aws:alb/listenerRule:ListenerRule",
    "aws:secretsmanager/secretVersion:SecretVersion", "aws:secretsmanager/secretPolicy:SecretPolicy",
    "aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketVersioningV2:BucketVersioningV2", "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "aws:s3/bucketAclV2:BucketAclV2",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:eks/addon:Addon", "aws:eks/accessEntry:AccessEntry", "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    "aws:rds/subnetGroup:SubnetGroup", "aws:rds/parameterGroup:ParameterGroup",
    "aws:rds/clusterParameterGroup:ClusterParameterGroup", "aws:elasticache/subnetGroup:SubnetGroup",
    "aws:elasticache/parameterGroup:ParameterGroup", "aws:cloudwatch/logStream:LogStream",
"aws:sns/topic:Topic", "aws:sns/topicPolicy:TopicPolicy", "aws:sns/topicSubscription:TopicSubscription",
    "aws:resourcegroups/group:Group", "aws:ssm/parameter:Parameter",
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    # Azure (azure-native)
    "azure-native:resources:ResourceGroup", "azure-native:network:VirtualNetwork", "azure-native:network:Subnet",
    "azure-native:network:NetworkSecurityGroup", "azure-native:network:SecurityRule",
    "azure-native:network:NetworkInterface", "azure-native:network:RouteTable", "azure-native:network:Route",
    "azure-native:authorization:*", "azure-native:managedidentity:UserAssignedIdentity",
    "azure-native:keyvault:Secret", "azure-native:keyvault:AccessPolicy", "azure-native:sql:Server",
    "azure-native:sql:FirewallRule", "azure-native:redis:FirewallRule", "azure-native:storage:BlobContainer", "azure-native:storage:BlobServiceProperties",
    "azure-native:monitor:AutoscaleSetting", "azure-native:insights:AutoscaleSetting",
    "azure-native:monitor:ActionGroup", "azure-native:insights:ActionGroup",
    "azure-native:consumption:Budget", "azure-native:compute:AvailabilitySet",
    "azure-native:compute:VirtualMachineExtension", "azure-native:compute:VirtualMachineScaleSetExtension",
    "azure-native:network:ApplicationSecurityGroup",
    # Azure (classic provider)
    "azure:core/resourceGroup:ResourceGroup", "azure:network/virtualNetwork:VirtualNetwork",
    "azure:network/subnet:Subnet", "azure:network/networkSecurityGroup:NetworkSecurityGroup",
    "azure:network/networkSecurityRule:NetworkSecurityRule", "azure:network/networkInterface:NetworkInterface",
    "azure:authorization/*",
    # GCP
    "gcp:compute/network:Network", "gcp:compute/subnetwork:Subnetwork", "gcp:compute/firewall:Firewall",
    "gcp:compute/route:Route", "gcp:compute/router:Router", "gcp:compute/healthCheck:HealthCheck",
    "gcp:compute/regionHealthCheck:RegionHealthCheck", "gcp:compute/httpHealthCheck:HttpHealthCheck",
    "gcp:compute/backendService:BackendService", "gcp:compute/regionBackendService:RegionBackendService",
    "gcp:compute/uRLMap:URLMap", "gcp:compute/regionUrlMap:RegionUrlMap",
    "gcp:compute/targetHttpProxy:TargetHttpProxy", "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
    "gcp:compute/regionTargetHttpProxy:RegionTargetHttpProxy", "gcp:compute/targetPool:TargetPool",
    "gcp:compute/targetTcpProxy:TargetTcpProxy",
    "gcp:compute/instanceTemplate:InstanceTemplate", "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate",
    "gcp:compute/autoscaler:Autoscaler", "gcp:compute/regionAutoscaler:RegionAutoscaler",
    "gcp:compute/instanceGroup:InstanceGroup", "gcp:compute/managedSslCertificate:ManagedSslCertificate",
    "gcp:compute/projectMetadata:ProjectMetadata", "gcp:compute/projectMetadataItem:ProjectMetadataItem",
    "gcp:serviceaccount/*", "gcp:projects/*", "gcp:organizations/iAM*", "gcp:storage/bucketIAM*",
    "gcp:storage/bucketObject:BucketObject", "gcp:secretmanager/secretIam*",
    "gcp:billing/budget:Budget", "gcp:monitoring/notificationChannel:NotificationChannel",
    "gcp:monitoring/dashboard:Dashboard",  # no charge (cloud.google.com/stackdriver/pricing: dashboards are free)
    # Azure portal shared dashboards: a saved layout; Azure Monitor pricing bills the metrics they
    # chart (azure.microsoft.com/pricing/details/monitor), not the dashboard
    "azure-native:portal:Dashboard",
    # What LLM agent stacks pull in around the priced services (configuration, wiring, policies:
    # their service bills through the resource they configure)
    "aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation",
    "aws:apigateway/apiKey:ApiKey", "aws:apigateway/basePathMapping:BasePathMapping",
    "aws:apigateway/deployment:Deployment", "aws:apigateway/domainName:DomainName",
    "aws:apigateway/usagePlan:UsagePlan", "aws:apigateway/usagePlanKey:UsagePlanKey",
    "aws:apigateway/resource:Resource", "aws:apigateway/method:Method", "aws:apigateway/integration:Integration",
    "aws:apigateway/methodResponse:MethodResponse", "aws:apigateway/integrationResponse:IntegrationResponse",
    "aws:apigateway/authorizer:Authorizer", "aws:apigateway/account:Account", "aws:apigateway/restApiPolicy:RestApiPolicy",
    "aws:apigatewayv2/integration:Integration", "aws:apigatewayv2/route:Route", "aws:apigatewayv2/stage:Stage",
    "aws:apigatewayv2/deployment:Deployment", "aws:apigatewayv2/authorizer:Authorizer",
    "aws:apigatewayv2/domainName:DomainName", "aws:apigatewayv2/apiMapping:ApiMapping",
    "aws:appsync/apiKey:ApiKey", "aws:appsync/dataSource:DataSource", "aws:appsync/resolver:Resolver",
    "aws:appsync/function:Function",
    "aws:cloudwatch/eventRule:EventRule", "aws:cloudwatch/eventTarget:EventTarget",
    "aws:cloudwatch/logMetricFilter:LogMetricFilter", "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
    "aws:cognito/userPoolClient:UserPoolClient", "aws:cognito/userPoolDomain:UserPoolDomain",
    "aws:ec2transitgateway/transitGateway:TransitGateway", "aws:ec2transitgateway/route:Route", "aws:ec2transitgateway/routeTable:RouteTable",
    "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy", "aws:ecr/repositoryPolicy:RepositoryPolicy",
    "aws:ecs/capacityProvider:CapacityProvider", "aws:ecs/cluster:Cluster",
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "aws:ecs/taskDefinition:TaskDefinition",
    "aws:efs/mountTarget:MountTarget", "aws:efs/accessPoint:AccessPoint", "aws:efs/fileSystemPolicy:FileSystemPolicy",
    "aws:glue/catalogDatabase:CatalogDatabase", "aws:glue/connection:Connection", "aws:glue/trigger:Trigger",
    "aws:lambda/permission:Permission", "aws:lambda/alias:Alias", "aws:lambda/eventSourceMapping:EventSourceMapping",
    "aws:lambda/functionUrl:FunctionUrl", "aws:lambda/layerVersion:LayerVersion",
    "aws:networkfirewall/firewallPolicy:FirewallPolicy", "aws:networkfirewall/ruleGroup:RuleGroup",
    "aws:opensearch/domainPolicy:DomainPolicy", "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy",
    "aws:opensearch/serverlessAccessPolicy:ServerlessAccessPolicy",
    "aws:redshift/subnetGroup:SubnetGroup", "aws:route53/record:Record",
    "aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketObject:BucketObject", "aws:s3/bucketObjectv2:BucketObjectv2",
    "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration",
    "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2",
    "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2", "aws:s3/bucketNotification:BucketNotification",
    "aws:sagemaker/endpointConfiguration:EndpointConfiguration", "aws:sagemaker/model:Model",
    "aws:secretsmanager/secretRotation:SecretRotation", "aws:sqs/queuePolicy:QueuePolicy",
    "aws:sqs/redrivePolicy:RedrivePolicy", "aws:elasticache/userGroup:UserGroup", "aws:elasticache/user:User",
    "azure-native:storage:Blob", "azure-native:storage:StorageAccountStaticWebsite",
    "azure-native:web:WebApp", "azure-native:web:Connection", "azure-native:web:WebAppApplicationSettings",
    "azure-native:web:WebAppSourceControl", "azure-native:synapse:IpFirewallRule",
    "azure-native:cognitiveservices:Account", "azure-native:app:ManagedEnvironmentsStorage",
    "azure-native:cosmosdb:SqlResourceSqlRoleAssignment", "azure-native:cosmosdb:SqlResourceSqlRoleDefinition",
    "azure-native:documentdb:SqlResourceSqlRoleAssignment",
    "azure-native:network:PrivateDnsZoneGroup",
    "gcp:cloudfunctions/functionIamMember:FunctionIamMember", "gcp:cloudfunctions/functionIam*",
    "gcp:cloudrun/iam*", "gcp:cloudrunv2/serviceIam*", "gcp:cloudrun/domainMapping:DomainMapping",
    "gcp:sql/database:Database", "gcp:sql/user:User", "gcp:artifactregistry/repositoryIam*",
    "gcp:firestore/index:Index", "gcp:firestore/field:Field", "gcp:firestore/document:Document",
    "gcp:storage/bucketAccessControl:BucketAccessControl",
    # Generic providers and helpers
    "random:*", "tls:*", "command:*",
    "kubernetes:core/v1:Namespace", "kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:Secret",
    "kubernetes:core/v1:ServiceAccount", "kubernetes:rbac.authorization.k8s.io/*",
)


def _split() -> tuple[frozenset[str], tuple[str, ...]]:
    """Exact tokens and ``prefix*`` patterns (the only wildcard form the list uses): a set and a
    prefix test are far cheaper to build at start-up than one regex over every entry."""
    exact = frozenset(t for t in FREE_TYPES if "*" not in t)
    prefixes = tuple(t[:-1] for t in FREE_TYPES if "*" in t)
    if any("*" in p for p in prefixes):
        raise ValueError("free types use '*' only at the end")
    return exact, prefixes


_EXACT, _PREFIXES = _split()


@lru_cache(maxsize=4096)
def is_free(token: str) -> bool:
    """True when the type never bills on its own."""
    return token in _EXACT or token.startswith(_PREFIXES)
