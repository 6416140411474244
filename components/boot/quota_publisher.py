#!/usr/bin/env python3
"""Hosted-API quota use of this router, published every minute as one cloud metric.

Runs ON THE ROUTER (Python 3 stdlib only, shipped verbatim by the boot document; the kit's
tests import it to check the arithmetic). LiteLLM's Prometheus callback reports, per
deployment, the provider's ``x-ratelimit-remaining-requests`` / ``-tokens`` headers as
``litellm_remaining_requests_metric`` / ``litellm_remaining_tokens_metric``, but not the limit
itself. The limit is taken as the highest ``remaining`` value seen in the last day: quotas are
per-minute windows, so any quiet minute reports (nearly) the whole quota. Use is then
``100 * (1 - remaining / limit)``; the published value is the highest use over every deployment
and both kinds (the guide: "API rate limit > 80 %: upgrade tier"). No sample yet (no hosted
call since boot): nothing is published, so nothing unknown is ever reported as 0 %.

Clouds: ``aws`` (``aws cloudwatch put-metric-data``, dimension ``Stack``), ``azure`` (custom
metric on the router's own scale set through its managed identity), ``gcp`` (custom metric
``custom.googleapis.com/llmkit/api_quota_use_pct`` through the service account). No secret is
written anywhere: the router's master key is read from its environment file to call /metrics.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import subprocess
import time
import urllib.parse
import urllib.request

METRIC = "api_quota_use_pct"
NAMESPACE_AWS = "LLMKit"
NAMESPACE_AZURE = "llmkit"
GCP_METRIC_TYPE = f"custom.googleapis.com/llmkit/{METRIC}"
SOURCES = ("litellm_remaining_requests_metric", "litellm_remaining_tokens_metric")
PEAK_WINDOW_S = 24 * 3600
_SAMPLE = re.compile(r"^(\w+)(\{[^}]*\})?\s+([0-9.eE+-]+|NaN|[+-]Inf)\s*$")


def remaining(metrics_text: str) -> dict[str, float]:
    """Every remaining-quota sample of a Prometheus text page, keyed by metric name and labels.
    LiteLLM writes sys.maxsize when a provider sent no header: that is "no limit", dropped."""
    found: dict[str, float] = {}
    for line in metrics_text.splitlines():
        match = _SAMPLE.match(line.strip())
        if not match or match.group(1) not in SOURCES:
            continue
        value = float(match.group(3))
        if value != value or value in (float("inf"), float("-inf")) or value >= 2**62:
            continue
        found[match.group(1) + (match.group(2) or "")] = value
    return found


def quota_use_pct(samples: dict[str, float], peaks: dict[str, list[float]], now: float) -> float | None:
    """The highest use (0-100) over ``samples``, updating ``peaks`` (series -> [peak, seen at])
    in place; peaks older than a day are replaced by the current value. None without samples."""
    uses = []
    for series, value in samples.items():
        peak, seen = peaks.get(series, [value, now])
        if value >= peak or now - seen > PEAK_WINDOW_S:
            peak, seen = value, now
        peaks[series] = [peak, seen]
        uses.append(0.0 if peak <= 0 else 100.0 * (1.0 - value / peak))
    return max(uses) if uses else None


def _get(url: str, headers: dict[str, str]) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        body: bytes = response.read()
        return body


def _post(url: str, body: dict, token: str) -> None:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).close()


def _publish_aws(value: float, args: argparse.Namespace) -> None:
    subprocess.run(["aws", "cloudwatch", "put-metric-data", "--region", args.scope, "--namespace", NAMESPACE_AWS,
                    "--metric-name", METRIC, "--unit", "Percent", "--value", f"{value:.2f}",
                    "--dimensions", f"Stack={args.stack}"], check=True, timeout=30)


def _publish_azure(value: float, args: argparse.Namespace) -> None:
    imds = "http://169.254.169.254/metadata"
    compute = json.loads(_get(f"{imds}/instance/compute?api-version=2021-02-01", {"Metadata": "true"}))
    scale_set = re.sub(r"/virtualMachines/[^/]+$", "", compute["resourceId"])
    query = urllib.parse.urlencode({"api-version": "2018-02-01", "resource": "https://monitoring.azure.com/"})
    token = json.loads(_get(f"{imds}/identity/oauth2/token?{query}", {"Metadata": "true"}))["access_token"]
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    _post(f"https://{compute['location']}.monitoring.azure.com{scale_set}/metrics", {
        "time": now, "data": {"baseData": {"metric": METRIC, "namespace": NAMESPACE_AZURE, "dimNames": ["stack"],
                                           "series": [{"dimValues": [args.stack], "min": value, "max": value,
                                                       "sum": value, "count": 1}]}},
    }, token)


def _publish_gcp(value: float, args: argparse.Namespace) -> None:
    metadata = "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token"
    token = json.loads(_get(metadata, {"Metadata-Flavor": "Google"}))["access_token"]
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    _post(f"https://monitoring.googleapis.com/v3/projects/{args.scope}/timeSeries", {"timeSeries": [{
        "metric": {"type": GCP_METRIC_TYPE, "labels": {"stack": args.stack}},
        "resource": {"type": "global", "labels": {"project_id": args.scope}},
        "points": [{"interval": {"endTime": now}, "value": {"doubleValue": value}}],
    }]}, token)


PUBLISHERS = {"aws": _publish_aws, "azure": _publish_azure, "gcp": _publish_gcp}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cloud", choices=sorted(PUBLISHERS), required=True)
    parser.add_argument("--stack", required=True)
    parser.add_argument("--scope", default="", help="AWS region | GCP project id (Azure: unused)")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state", default="/var/lib/llmkit/quota-peaks.json")
    args = parser.parse_args()
    key = os.environ.get("LITELLM_MASTER_KEY", "")
    text = _get(f"http://127.0.0.1:{args.port}/metrics", {"Authorization": f"Bearer {key}"}).decode()
    try:
        with open(args.state, encoding="utf-8") as handle:
            peaks = json.load(handle)
    except (OSError, ValueError):
        peaks = {}
    use = quota_use_pct(remaining(text), peaks, time.time())
    os.makedirs(os.path.dirname(args.state), exist_ok=True)
    with open(args.state + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(peaks, handle)
    os.replace(args.state + ".tmp", args.state)
    if use is not None:
        PUBLISHERS[args.cloud](use, args)


if __name__ == "__main__":
    main()
