"""Which registered pricers still cannot price an engine-shaped preview, and why.

Run ``python tests/price_gaps.py`` (PYTHONPATH = the repository) to list every sample below
whose resource is not fully priced with its reason. ``tests/test_price_gaps.py`` pins the list,
so a price that disappears from the snapshot shows up as a failing test, not a silent gap.

Each sample is the inputs a real ``pulumi preview --json`` carries for that type in its
region's most common configuration (the one Pulumi's examples and the reference stacks use).
"""

from __future__ import annotations

import sys
from typing import Any

from llmkit.pricing.preview.breakdown import price_document

sys.path.insert(0, __file__.rpartition("/")[0])
from _previewdocs import create, doc  # noqa: E402

CONFIG = {"aws:region": "us-east-1", "azure-native:location": "eastus", "gcp:region": "us-central1", "gcp:project": "p"}
AZ = {"location": "eastus"}
GC = {"region": "us-central1", "location": "us-central1"}

# name -> (type token, inputs)
SAMPLES: dict[str, tuple[str, dict[str, Any]]] = {
    "opensearch": ("aws:opensearch/domain:Domain", {"clusterConfig": {"instanceType": "m6g.large.search", "instanceCount": 2},
                                                    "ebsOptions": {"ebsEnabled": True, "volumeSize": 20, "volumeType": "gp3"}}),
    "opensearch_serverless": ("aws:opensearch/serverlessCollection:ServerlessCollection", {"type": "VECTORSEARCH"}),
    "sagemaker_cfg": ("aws:sagemaker/endpointConfiguration:EndpointConfiguration",
                      {"productionVariants": [{"instanceType": "ml.g5.xlarge", "initialInstanceCount": 1}]}),
    "cloudfront": ("aws:cloudfront/distribution:Distribution", {"priceClass": "PriceClass_100"}),
    "dynamodb": ("aws:dynamodb/table:Table", {"billingMode": "PAY_PER_REQUEST"}),
    "dynamodb_provisioned": ("aws:dynamodb/table:Table", {"billingMode": "PROVISIONED", "readCapacity": 5, "writeCapacity": 5}),
    "lambda": ("aws:lambda/function:Function", {"memorySize": 512}),
    "lambda_provisioned": ("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
                           {"functionName": "lambda", "qualifier": "live", "provisionedConcurrentExecutions": 5}),
    "rds": ("aws:rds/instance:Instance", {"engine": "postgres", "instanceClass": "db.t3.micro", "allocatedStorage": 20}),
    "aurora": ("aws:rds/cluster:Cluster", {"engine": "aurora-postgresql"}),
    "container_app": ("azure-native:app:ContainerApp", {**AZ, "template": {"containers": [{"resources": {"cpu": 0.5, "memory": "1Gi"}}]}}),
    "app_service_plan": ("azure-native:web:AppServicePlan", {**AZ, "sku": {"name": "P1v3", "capacity": 1}, "kind": "linux", "reserved": True}),
    "app_service_plan_basic": ("azure-native:web:AppServicePlan", {**AZ, "sku": {"name": "B1", "capacity": 1}, "kind": "linux", "reserved": True}),
    "ai_search": ("azure-native:search:Service", {**AZ, "sku": {"name": "standard"}, "replicaCount": 1}),
    "openai_ptu": ("azure-native:cognitiveservices:Deployment", {**AZ, "sku": {"name": "GlobalProvisionedManaged", "capacity": 15}, "properties": {"model": {"name": "gpt-4o"}}}),
    "openai_paygo": ("azure-native:cognitiveservices:Deployment", {**AZ, "sku": {"name": "GlobalStandard", "capacity": 10}, "properties": {"model": {"name": "gpt-4o"}}}),
    "azure_sql": ("azure-native:sql:Database", {**AZ, "sku": {"name": "GP_Gen5", "capacity": 2}, "maxSizeBytes": 34359738368}),
    "spark_pool": ("azure-native:synapse:BigDataPool", {**AZ, "nodeSize": "Small", "nodeSizeFamily": "MemoryOptimized",
                                                         "autoScale": {"enabled": True, "minNodeCount": 3, "maxNodeCount": 10}}),
    "container_group": ("azure-native:containerinstance:ContainerGroup", {**AZ, "osType": "Linux", "containers": [
        {"name": "app", "image": "nginx", "resources": {"requests": {"cpu": 1, "memoryInGB": 1.5}}}]}),
    "logic_workflow": ("azure-native:logic:Workflow", {**AZ, "definition": {}}),
    "cosmos": ("azure-native:cosmosdb:DatabaseAccount", {**AZ, "locations": [{"locationName": "eastus"}]}),
    "cloud_sql": ("gcp:sql/databaseInstance:DatabaseInstance", {**GC, "settings": {"tier": "db-custom-2-7680", "diskSize": 20}}),
    "firestore": ("gcp:firestore/database:Database", {**GC, "locationId": "us-central1", "type": "FIRESTORE_NATIVE"}),
    "vertex": ("gcp:vertex/aiEndpointWithModelGardenDeployment:AiEndpointWithModelGardenDeployment",
               {**GC, "publisherModelName": "publishers/google/models/gemma3", "deployConfig": {"dedicatedResources": {
                   "machineSpec": {"machineType": "g2-standard-12", "acceleratorType": "NVIDIA_L4", "acceleratorCount": 1}, "minReplicaCount": 1}}}),
    "gke_autopilot": ("gcp:container/cluster:Cluster", {**GC, "enableAutopilot": True}),
    "memorystore": ("gcp:redis/instance:Instance", {**GC, "tier": "BASIC", "memorySizeGb": 1}),
}


def gaps() -> dict[str, tuple[str, str]]:
    """sample name -> (bucket, reason) for every sample not fully priced (usage-based ones are
    priced once the usage file gives their quantities, so they are not gaps)."""
    steps = [create(token, name, inputs) for name, (token, inputs) in SAMPLES.items()]
    breakdown = price_document(doc(*steps, config=CONFIG))
    out = {}
    for r in breakdown.resources:
        if r.bucket not in ("estimated", "free", "usage-based") or r.current.unknown_parts:
            out[r.name] = (r.bucket, r.reason or ", ".join(r.current.unknown_parts))
    return out


if __name__ == "__main__":
    for name, (bucket, reason) in sorted(gaps().items()):
        print(f"{name:24} {bucket:14} {reason}")
