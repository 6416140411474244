"""Types that carry no charge of their own (networks, subnets, routes, security groups and
rules, IAM, resource groups, templates priced through the groups that use them, ...).

A type here lands in the ``free`` bucket; a type neither here nor in the registry is
``unsupported`` and listed, never dropped. Patterns use ``*`` for any run of characters.
"""

from __future__ import annotations

import re
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
    "azure-native:sql:FirewallRule", "azure-native:storage:BlobContainer", "azure-native:storage:BlobServiceProperties",
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
    # Generic providers and helpers
    "random:*", "tls:*", "command:*",
    "kubernetes:core/v1:Namespace", "kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:Secret",
    "kubernetes:core/v1:ServiceAccount", "kubernetes:rbac.authorization.k8s.io/*",
)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    parts = [re.escape(t).replace(r"\*", ".*") for t in FREE_TYPES]
    return re.compile("^(?:" + "|".join(parts) + ")$")


@lru_cache(maxsize=4096)
def is_free(token: str) -> bool:
    """True when the type never bills on its own."""
    return _pattern().match(token) is not None
