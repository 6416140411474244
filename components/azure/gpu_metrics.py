"""GPU utilisation as an Azure Monitor custom metric, so autoscale and alerts can use it.

Azure has no platform GPU metric. Each vLLM VM runs a small publisher every minute (installed
by the Custom Script extension, so the cloud-neutral boot document stays as it is): it reads
``nvidia-smi``, takes a token for its own managed identity from the instance metadata service
and posts the mean utilisation of its GPUs to the custom-metrics endpoint of its scale set
(namespace ``llmkit``, metric ``gpu_utilization``, dimension ``instance``). The identity holds
Monitoring Metrics Publisher on that scale set only. Nothing secret is involved: the token is
fetched at run time and never stored.
"""

from __future__ import annotations

import base64

import pulumi
import pulumi_azure_native as azure

MONITORING_METRICS_PUBLISHER = "3913510d-42f4-4e42-8a64-420c390055eb"
READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"  # built-in Reader: the cost-per-query publisher reads fleet sizes
METRIC_NAMESPACE = "llmkit"
GPU_METRIC = "gpu_utilization"

# Python 3 stdlib only (the GPU image ships python3); __CLIENT_ID__ is the identity to use.
PUBLISHER = r'''#!/usr/bin/env python3
"""Post this VM's mean GPU utilisation to Azure Monitor (custom metric on its scale set)."""
import datetime
import json
import re
import socket
import subprocess
import urllib.parse
import urllib.request

IMDS = "http://169.254.169.254/metadata"
CLIENT_ID = "__CLIENT_ID__"


def imds(path, **query):
    url = f"{IMDS}/{path}?" + urllib.parse.urlencode(query)
    request = urllib.request.Request(url, headers={"Metadata": "true"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def main():
    out = subprocess.run(["nvidia-smi", "--query-gpu=utilization.gpu", "--format=csv,noheader,nounits"],
                         capture_output=True, text=True, check=True, timeout=30).stdout
    values = [float(v) for v in out.split()]
    if not values:
        return
    compute = imds("instance/compute", **{"api-version": "2021-02-01"})
    scale_set = re.sub(r"/virtualMachines/[^/]+$", "", compute["resourceId"])
    token = imds("identity/oauth2/token", **{"api-version": "2018-02-01", "resource": "https://monitoring.azure.com/",
                                               "client_id": CLIENT_ID})["access_token"]
    mean = sum(values) / len(values)
    body = {
        "time": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data": {"baseData": {
            "metric": "__METRIC__", "namespace": "__NAMESPACE__", "dimNames": ["instance"],
            "series": [{"dimValues": [socket.gethostname()], "min": min(values), "max": max(values),
                        "sum": mean, "count": 1}],
        }},
    }
    request = urllib.request.Request(
        f"https://{compute['location']}.monitoring.azure.com{scale_set}/metrics",
        data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=10).close()


if __name__ == "__main__":
    main()
'''.replace("__METRIC__", GPU_METRIC).replace("__NAMESPACE__", METRIC_NAMESPACE)

UNITS = """[Unit]
Description=llmkit: publish GPU utilisation to Azure Monitor

[Service]
Type=oneshot
ExecStart=/usr/local/bin/llmkit-gpu-metric
"""
TIMER = """[Unit]
Description=llmkit: publish GPU utilisation every minute

[Timer]
OnBootSec=2min
OnUnitActiveSec=60s

[Install]
WantedBy=timers.target
"""


def install_script(client_id: str) -> str:
    """The Custom Script extension's script: install the publisher and its systemd timer."""
    publisher = base64.b64encode(PUBLISHER.replace("__CLIENT_ID__", client_id).encode()).decode()
    service = base64.b64encode(UNITS.encode()).decode()
    timer = base64.b64encode(TIMER.encode()).decode()
    return "\n".join([
        "#!/bin/bash",
        "set -euo pipefail",
        f"echo {publisher} | base64 -d > /usr/local/bin/llmkit-gpu-metric",
        "chmod 0755 /usr/local/bin/llmkit-gpu-metric",
        f"echo {service} | base64 -d > /etc/systemd/system/llmkit-gpu-metric.service",
        f"echo {timer} | base64 -d > /etc/systemd/system/llmkit-gpu-metric.timer",
        "systemctl daemon-reload",
        "systemctl enable --now llmkit-gpu-metric.timer",
        "",
    ])


def publisher_extension(client_id: pulumi.Input[str]) -> azure.compute.VirtualMachineScaleSetExtensionArgs:
    return azure.compute.VirtualMachineScaleSetExtensionArgs(
        name="llmkit-gpu-metric",
        publisher="Microsoft.Azure.Extensions",
        type="CustomScript",
        type_handler_version="2.1",
        auto_upgrade_minor_version=True,
        settings=pulumi.Output.from_input(client_id).apply(
            lambda cid: {"script": base64.b64encode(install_script(cid or "").encode()).decode()}
        ),
    )
