"""What differs between clouds at boot: reading a secret, syncing weights, logging in.

All three use the instance's own identity (AWS instance profile, Azure managed identity, GCP
service account), so no credential is ever written into user data. The cloud packages pass
only names and URLs (``params``); the commands themselves live here, in one place.
"""

from __future__ import annotations

import dataclasses
import json
import shlex
from typing import Callable, Optional
from urllib.parse import urlparse

from llmkit.core.clouds import CLOUDS, resolve


CLOUDWATCH_NAMESPACE = "LLMKit"
GPU_METRIC = "nvidia_smi_utilization_gpu"  # the CloudWatch agent's name for nvidia-smi utilization.gpu


@dataclasses.dataclass(frozen=True)
class GpuMetricsAgent:
    """An agent a GPU server runs to publish GPU utilisation where the cloud's autoscaler reads
    it (AWS: the CloudWatch agent; Azure and GCP publish theirs from the components)."""

    config_path: str
    config: str
    commands: tuple[tuple[str, ...], ...]  # install and start, in order


@dataclasses.dataclass(frozen=True)
class CloudBoot:
    """Boot-time commands for one cloud. ``scope`` is region / Key Vault name / project id."""

    name: str
    login: str  # run once before reading secrets (":" when the CLI needs no login)
    read_secret: Callable[[str, str], str]  # (scope, secret name) -> command printing the value
    sync_weights: Callable[[str, str], str]  # (bucket URL, local dir) -> command
    upload_weights: Callable[[str, str], str]  # (local dir, bucket URL) -> command (fills an empty cache)
    install_docker: str  # when the image has no docker
    install_cli: str  # when the image has no cloud CLI
    gpu_metrics: Optional[GpuMetricsAgent] = None


def _aws_secret(scope: str, name: str) -> str:
    return (
        f"aws secretsmanager get-secret-value --region {shlex.quote(scope)} "
        f"--secret-id {shlex.quote(name)} --query SecretString --output text"
    )


def _bucket_sync(cloud: str, scheme: str, command: str) -> Callable[[str, str], str]:
    """A ``sync_weights`` for a bucket URL with ``scheme``; ``command`` has ``{url}`` (quoted
    here) and syncs into ``"$dest"``. A URL of another cloud is a wiring bug: fail at render."""
    def sync(url: str, dest: str) -> str:
        if not url.startswith(scheme):
            raise ValueError(f"{cloud} model cache URL must start with {scheme}")
        return command.format(url=shlex.quote(url))
    return sync


_aws_sync = _bucket_sync("AWS", "s3://", 'aws s3 sync {url} "$dest" --only-show-errors')
_gcp_sync = _bucket_sync("GCP", "gs://", 'gcloud storage rsync --recursive {url} "$dest"')


def _flip(sync: Callable[[str, str], str], command: str) -> Callable[[str, str], str]:
    """An upload for the same bucket URL as ``sync`` (which validates it), ``command`` with ``{url}``."""
    def upload(dest: str, url: str) -> str:
        sync(url, dest)  # the same URL checks
        return command.format(url=shlex.quote(url))
    return upload


_aws_upload = _flip(_aws_sync, 'aws s3 sync "$dest" {url} --only-show-errors --exclude ".cache/*"')
_gcp_upload = _flip(_gcp_sync, 'gcloud storage rsync --recursive --exclude "^\\.cache/" "$dest" {url}')
_AZ_LOGIN = "az login --identity --allow-no-subscriptions >/dev/null"  # the VM's managed identity


def _azure_secret(scope: str, name: str) -> str:
    return f"az keyvault secret show --vault-name {shlex.quote(scope)} --name {shlex.quote(name)} --query value -o tsv"


def _azure_sync(url: str, dest: str) -> str:
    # https://<account>.blob.core.windows.net/<container>/<prefix>
    parsed = urlparse(url)
    account = parsed.netloc.split(".")[0]
    container, _, prefix = parsed.path.lstrip("/").partition("/")
    if parsed.scheme != "https" or not parsed.netloc.endswith(".blob.core.windows.net") or not container:
        raise ValueError("Azure model cache URL must be https://<account>.blob.core.windows.net/<container>/<prefix>")
    prefix = prefix.rstrip("/")
    pattern = f"{prefix}/*" if prefix else "*"
    # download-batch keeps each blob's full name (<prefix>/<file>) under --destination, so the
    # destination is the directory above the weights: "$dest" with the prefix cut off its end
    target = f'"${{dest%/{prefix}}}"' if dest == "$dest" and prefix else f'"{dest}"'
    return (
        f"{_AZ_LOGIN} && "
        f"az storage blob download-batch --auth-mode login --account-name {shlex.quote(account)} "
        f"--source {shlex.quote(container)} --pattern {shlex.quote(pattern)} --destination {target} --no-progress"
    )


def _azure_upload(dest: str, url: str) -> str:
    _azure_sync(url, dest)  # the same URL checks
    parsed = urlparse(url)
    account = parsed.netloc.split(".")[0]
    container, _, prefix = parsed.path.lstrip("/").partition("/")
    return (
        f"{_AZ_LOGIN} && "
        f"az storage blob upload-batch --auth-mode login --account-name {shlex.quote(account)} "
        f"--destination {shlex.quote(container)} --destination-path {shlex.quote(prefix.rstrip('/'))} "
        f"--source \"$dest\" --pattern '[!.]*' --no-progress"
    )


def _gcp_secret(scope: str, name: str) -> str:
    return f"gcloud secrets versions access latest --secret={shlex.quote(name)} --project={shlex.quote(scope)}"


_CLOUDWATCH_CONFIG = "/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json"


def _cloudwatch_agent_config() -> str:
    """nvidia-smi utilisation per autoscaling group, under the namespace the alarms read."""
    config = {
        "agent": {"metrics_collection_interval": 60},
        "metrics": {
            "namespace": CLOUDWATCH_NAMESPACE,
            "append_dimensions": {"AutoScalingGroupName": "${aws:AutoScalingGroupName}"},
            "aggregation_dimensions": [["AutoScalingGroupName"]],
            "metrics_collected": {"nvidia_gpu": {"measurement": ["utilization_gpu", "utilization_memory", "memory_used"]}},
        },
    }
    return json.dumps(config, indent=2) + "\n"


_CLOUDWATCH_AGENT = GpuMetricsAgent(
    config_path=_CLOUDWATCH_CONFIG,
    config=_cloudwatch_agent_config(),
    commands=(
        ("sh", "-c", "command -v amazon-cloudwatch-agent-ctl >/dev/null || dnf install -y -q amazon-cloudwatch-agent"),
        ("/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl", "-a", "fetch-config", "-m", "ec2", "-s",
         "-c", f"file:{_CLOUDWATCH_CONFIG}"),
    ),
)

_APT_DOCKER = "command -v docker >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io)"

AWS = CloudBoot(
    name="aws",
    login=":",
    read_secret=_aws_secret,
    sync_weights=_aws_sync,
    upload_weights=_aws_upload,
    # Amazon Linux 2023 (and the AL2023 Deep Learning AMI) ship the AWS CLI and dnf.
    install_docker="command -v docker >/dev/null || dnf install -y -q docker",
    install_cli="command -v aws >/dev/null || dnf install -y -q awscli-2",
    gpu_metrics=_CLOUDWATCH_AGENT,
)
AZURE = CloudBoot(
    name="azure",
    login=_AZ_LOGIN,
    read_secret=_azure_secret,
    sync_weights=_azure_sync,
    upload_weights=_azure_upload,
    install_docker=_APT_DOCKER,
    install_cli="command -v az >/dev/null || (curl -fsSL https://aka.ms/InstallAzureCLIDeb | bash)",
)
GCP = CloudBoot(
    name="gcp",
    login=":",
    read_secret=_gcp_secret,
    sync_weights=_gcp_sync,
    upload_weights=_gcp_upload,
    install_docker=_APT_DOCKER,
    # Google's public images carry the gcloud CLI; the snap is the fallback on plain Ubuntu.
    install_cli="command -v gcloud >/dev/null || snap install google-cloud-cli --classic",
)


def for_cloud(name: str) -> CloudBoot:
    """The boot commands of a deployable cloud, found through its descriptor (llmkit.core.clouds:
    ``Cloud.boot``), so a new cloud adds its CloudBoot and names it there."""
    descriptor = CLOUDS.get(name)
    if descriptor is None or descriptor.boot is None:
        raise ValueError(f"unknown cloud {name!r}")
    boot: CloudBoot = resolve(descriptor.boot)
    return boot
