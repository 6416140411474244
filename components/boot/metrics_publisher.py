#!/usr/bin/env python3
"""Hosted-API quota use, cache hit rate and p95 latency of a server, published every minute as cloud metrics.

Runs ON A ROUTER OR vLLM SERVER (Python 3 stdlib only, shipped verbatim by the boot document; the kit's
tests import it to check the arithmetic). LiteLLM's Prometheus callback reports, per
deployment, the provider's ``x-ratelimit-remaining-requests`` / ``-tokens`` headers as
``litellm_remaining_requests_metric`` / ``litellm_remaining_tokens_metric``, but not the limit
itself. The limit is taken as the highest ``remaining`` value seen in the last day: quotas are
per-minute windows, so any quiet minute reports (nearly) the whole quota. Use is then
``100 * (1 - remaining / limit)``; the published value is the highest use over every deployment
and both kinds (the guide: "API rate limit > 80 %: upgrade tier"). No sample yet (no hosted
call since boot): nothing is published, so nothing unknown is ever reported as 0 %.

Cache hit rate (the guide's key metric, no threshold): hits over lookups since the last run,
from LiteLLM's response-cache counters (``litellm_cache_hits_metric`` / ``_misses_``) on a
router, or vLLM's prefix-cache counters (``vllm:prefix_cache_hits`` / ``_queries``) on a GPU
server; published as ``cache_hit_rate_pct`` when there were lookups in the minute.

p95 response time (``latency_p95_s``) of the requests finished in the minute, from LiteLLM's
``litellm_request_total_latency_metric`` or vLLM's ``vllm:e2e_request_latency_seconds``
histogram: Azure's pass-through load balancer measures no latency, so its p95 alert reads this.

Server cost per query (``cost_per_query_usd``, Azure only: AWS and GCP divide the fleets' cost by
the load balancer's request count in the alarm itself, which Azure's metric alerts cannot do).
Each server of the client-facing fleet reads, through its managed identity, the capacity of every
fleet of the stack (``--fleet-cost ID=USD_PER_HOUR``, ``self`` for its own scale set) from Azure
Resource Manager, and counts the requests it finished (the latency histogram's ``+Inf`` bucket).
The stack's requests are taken as its own times the front fleet's size: the load balancer spreads
flows evenly. Published over a rolling hour (spend over requests of the last hour, as the other
clouds' hourly alarms), and only when the hour had requests: an idle stack has no cost per query,
not $0 or infinity.

Clouds (every metric labelled with the stack and the server, litellm or vllm): ``aws``
(``aws cloudwatch put-metric-data``, dimensions ``Stack`` and ``Server``), ``azure`` (custom
metric on the server's own scale set through its managed identity), ``gcp`` (custom metric
``custom.googleapis.com/llmkit/<metric>`` through the service account). No secret is
written anywhere: the server's key is read from its environment file (systemd) to call /metrics.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

METRIC = "api_quota_use_pct"
CACHE_METRIC = "cache_hit_rate_pct"
LATENCY_METRIC = "latency_p95_s"
COST_METRIC = "cost_per_query_usd"
COST_WINDOW_S = 3600  # the guide's cost per query is judged hourly (llmkit.components.thresholds)
# whole-request latency histograms: LiteLLM's (router, client's view) and vLLM's (GPU server)
LATENCY_HISTOGRAMS = ("litellm_request_total_latency_metric_bucket", "vllm:e2e_request_latency_seconds_bucket")
_LE = re.compile(r'le="([^"]+)"')
SOURCE_LITELLM, SOURCE_VLLM = "litellm", "vllm"  # the servers it reads (the metrics' Server label)
NAMESPACE_AWS = "LLMKit"
NAMESPACE_AZURE = "llmkit"
GCP_PREFIX = "custom.googleapis.com/llmkit/"
GCP_METRIC_TYPE = GCP_PREFIX + METRIC
# counter -> what it counts (the exposition adds _total to counters)
CACHE_COUNTERS = {
    "litellm_cache_hits_metric_total": "hits", "litellm_cache_misses_metric_total": "misses",
    "vllm:prefix_cache_hits_total": "hits", "vllm:prefix_cache_queries_total": "lookups",
}
SOURCES = ("litellm_remaining_requests_metric", "litellm_remaining_tokens_metric")
PEAK_WINDOW_S = 24 * 3600
_SAMPLE = re.compile(r"^([\w:]+)(\{[^}]*\})?\s+([0-9.eE+-]+|NaN|[+-]Inf)\s*$")


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


def cache_totals(metrics_text: str) -> dict[str, float]:
    """Hits and lookups so far (summed over every label set) from a Prometheus text page; empty
    when the server exports no cache counter."""
    totals: dict[str, float] = {}
    for line in metrics_text.splitlines():
        match = _SAMPLE.match(line.strip())
        if match and match.group(1) in CACHE_COUNTERS:
            kind = CACHE_COUNTERS[match.group(1)]
            totals[kind] = totals.get(kind, 0.0) + float(match.group(3))
    if "misses" in totals:
        totals["lookups"] = totals.get("hits", 0.0) + totals.pop("misses")
    return totals if "lookups" in totals else {}


def cache_hit_rate_pct(totals: dict[str, float], state: dict) -> float | None:
    """Hits over lookups (0-100) since the totals kept in ``state`` (updated in place). None on
    the first run, with no lookups in between, or after a restart reset the counters."""
    before = state.get("cache")
    state["cache"] = totals
    if not totals or not before:
        return None
    lookups = totals["lookups"] - before.get("lookups", 0.0)
    hits = totals.get("hits", 0.0) - before.get("hits", 0.0)
    if lookups <= 0 or hits < 0:
        return None
    return 100.0 * min(hits, lookups) / lookups


def latency_buckets(metrics_text: str) -> dict[str, float]:
    """Cumulative request counts per histogram bound (``le``), summed over every label set."""
    buckets: dict[str, float] = {}
    for line in metrics_text.splitlines():
        match = _SAMPLE.match(line.strip())
        if match and match.group(1) in LATENCY_HISTOGRAMS:
            bound = _LE.search(match.group(2) or "")
            if bound:
                buckets[bound.group(1)] = buckets.get(bound.group(1), 0.0) + float(match.group(3))
    return buckets


def latency_p95_s(buckets: dict[str, float], state: dict) -> float | None:
    """The 95th percentile of the requests finished since the last run (``state`` keeps the
    previous counts), interpolated within its bucket as Prometheus' histogram_quantile does;
    in the open-ended bucket, its lower bound. None without requests in between."""
    before = state.get("latency")
    state["latency"] = buckets
    if not buckets or not before:
        return None
    bounds = sorted(buckets, key=float)
    counts = [buckets[b] - before.get(b, 0.0) for b in bounds]
    if not counts or counts[-1] <= 0 or any(c < 0 for c in counts):
        return None
    rank = 0.95 * counts[-1]
    lower, below = 0.0, 0.0
    for bound, count in zip(bounds, counts):
        if count >= rank:
            if float(bound) == float("inf"):
                return lower
            width = count - below
            return lower + (float(bound) - lower) * ((rank - below) / width if width > 0 else 1.0)
        lower, below = float(bound), count
    return lower


def requests_finished(buckets: dict[str, float]) -> float | None:
    """Requests finished so far: the latency histogram's open-ended bucket counts every one."""
    return buckets.get("+Inf")


def cost_per_query_usd(spend_usd_per_h: float, finished: float | None, front_size: int, state: dict,
                       now: float) -> float | None:
    """The stack's server spend over its requests in the last hour. ``spend_usd_per_h`` is every
    fleet's capacity times its price, now; ``finished`` this server's requests so far, scaled by
    ``front_size`` (the servers sharing the traffic). ``state`` keeps the previous reading and
    the hour's slices (updated in place). None on the first run, after a restart reset the
    counter, or when the hour had no request."""
    before = state.get("cost")
    window = state.setdefault("cost_window", [])
    state["cost"] = [now, finished]
    if finished is None or not before or before[1] is None:
        return None
    elapsed, served = now - before[0], finished - before[1]
    if elapsed <= 0 or served < 0:  # a clock step or a restart: start the hour again
        window.clear()
        return None
    window.append([now, spend_usd_per_h * elapsed / 3600.0, served * max(front_size, 1)])
    window[:] = [s for s in window if now - s[0] <= COST_WINDOW_S]
    queries = sum(s[2] for s in window)
    return sum(s[1] for s in window) / queries if queries > 0 else None


# Azure endpoints; overridable for sovereign clouds (and the kit's tests, which serve them on 127.0.0.1)
AZURE_IMDS = os.environ.get("LLMKIT_AZURE_IMDS", "http://169.254.169.254/metadata")
AZURE_ARM = os.environ.get("LLMKIT_AZURE_ARM", "https://management.azure.com")
AZURE_MONITORING = os.environ.get("LLMKIT_AZURE_MONITORING", "")  # default: https://<region>.monitoring.azure.com
ARM_API_VERSION = "2024-07-01"


@functools.lru_cache(maxsize=None)
def _azure_self() -> tuple[dict, str]:
    """This VM's instance metadata and the id of the scale set it belongs to (asked once per
    run: every metric posted and the fleet-size reads need it)."""
    compute = json.loads(_get(f"{AZURE_IMDS}/instance/compute?api-version=2021-02-01", {"Metadata": "true"}))
    return compute, re.sub(r"/virtualMachines/[^/]+$", "", compute["resourceId"])


@functools.lru_cache(maxsize=None)
def _azure_token(resource: str) -> str:
    """A token for ``resource`` from the managed identity, once per run and audience."""
    query = urllib.parse.urlencode({"api-version": "2018-02-01", "resource": resource})
    return str(json.loads(_get(f"{AZURE_IMDS}/identity/oauth2/token?{query}", {"Metadata": "true"}))["access_token"])


def azure_fleet_spend(fleet_costs: list[str]) -> tuple[float, int]:
    """(USD per hour of every fleet at its current capacity, this server's fleet size), read from
    Azure Resource Manager with the server's identity (Reader on each scale set)."""
    _compute, own = _azure_self()
    headers = {"Authorization": f"Bearer {_azure_token('https://management.azure.com/')}"}
    spend, front = 0.0, 0
    for item in fleet_costs:
        scale_set, _, price = item.rpartition("=")
        scale_set = own if scale_set == "self" else scale_set
        doc = json.loads(_get(f"{AZURE_ARM}{scale_set}?api-version={ARM_API_VERSION}", headers))
        capacity = int(doc["sku"]["capacity"])
        spend += capacity * float(price)
        if scale_set == own:
            front = capacity
    return spend, front


def _get(url: str, headers: dict[str, str]) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        body: bytes = response.read()
        return body


def _post(url: str, body: dict, token: str) -> None:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).close()


AWS_UNITS = {METRIC: "Percent", CACHE_METRIC: "Percent", LATENCY_METRIC: "Seconds"}


def _publish_aws(metric: str, value: float, args: argparse.Namespace) -> None:
    subprocess.run(["aws", "cloudwatch", "put-metric-data", "--region", args.scope, "--namespace", NAMESPACE_AWS,
                    "--metric-name", metric, "--unit", AWS_UNITS.get(metric, "None"), "--value", f"{value:.2f}",
                    "--dimensions", f"Stack={args.stack},Server={args.source}"], check=True, timeout=120)


def _publish_azure(metric: str, value: float, args: argparse.Namespace) -> None:
    compute, scale_set = _azure_self()
    token = _azure_token("https://monitoring.azure.com/")
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    monitoring = AZURE_MONITORING or f"https://{compute['location']}.monitoring.azure.com"
    _post(f"{monitoring}{scale_set}/metrics", {
        "time": now, "data": {"baseData": {"metric": metric, "namespace": NAMESPACE_AZURE, "dimNames": ["stack", "server"],
                                           "series": [{"dimValues": [args.stack, args.source], "min": value, "max": value,
                                                       "sum": value, "count": 1}]}},
    }, token)


def _publish_gcp(metric: str, value: float, args: argparse.Namespace) -> None:
    metadata = "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token"
    token = json.loads(_get(metadata, {"Metadata-Flavor": "Google"}))["access_token"]
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    _post(f"https://monitoring.googleapis.com/v3/projects/{args.scope}/timeSeries", {"timeSeries": [{
        "metric": {"type": GCP_PREFIX + metric, "labels": {"stack": args.stack, "server": args.source}},
        "resource": {"type": "global", "labels": {"project_id": args.scope}},
        "points": [{"interval": {"endTime": now}, "value": {"doubleValue": value}}],
    }]}, token)


PUBLISHERS = {"aws": _publish_aws, "azure": _publish_azure, "gcp": _publish_gcp}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cloud", choices=sorted(PUBLISHERS), required=True)
    parser.add_argument("--stack", required=True)
    parser.add_argument("--source", choices=(SOURCE_LITELLM, SOURCE_VLLM), required=True, help="the server whose /metrics is read")
    parser.add_argument("--scope", default="", help="AWS region | GCP project id (Azure: unused)")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key-env", default="LITELLM_MASTER_KEY", help="the variable holding the server's key")
    parser.add_argument("--state", default="/var/lib/llmkit/server-metrics.json")
    parser.add_argument("--fleet-cost", action="append", default=[], metavar="SCALE_SET_ID=USD_PER_HOUR",
                        help="Azure, client-facing servers: every fleet of the stack and its hourly price (self = this one)")
    args = parser.parse_args()
    key = os.environ.get(args.key_env, "")
    text = _get(f"http://127.0.0.1:{args.port}/metrics", {"Authorization": f"Bearer {key}"}).decode()
    try:
        with open(args.state, encoding="utf-8") as handle:
            state = json.load(handle)
    except (OSError, ValueError):
        state = {}
    buckets = latency_buckets(text)
    values = {METRIC: quota_use_pct(remaining(text), state.setdefault("peaks", {}), time.time()),
              CACHE_METRIC: cache_hit_rate_pct(cache_totals(text), state),
              LATENCY_METRIC: latency_p95_s(buckets, state)}
    if args.fleet_cost and args.cloud == "azure":
        try:
            spend, front = azure_fleet_spend(args.fleet_cost)
        except (OSError, ValueError, KeyError) as exc:  # e.g. a Reader grant still propagating: next minute
            print(f"cost per query skipped: fleet sizes unreadable ({type(exc).__name__})", file=sys.stderr)
        else:
            values[COST_METRIC] = cost_per_query_usd(spend, requests_finished(buckets), front, state, time.time())
    os.makedirs(os.path.dirname(args.state), exist_ok=True)
    with open(args.state + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(state, handle)
    os.replace(args.state + ".tmp", args.state)
    for metric, value in values.items():
        if value is not None:
            PUBLISHERS[args.cloud](metric, value, args)


if __name__ == "__main__":
    main()
