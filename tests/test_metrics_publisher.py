"""The servers' metrics publisher (components/boot/metrics_publisher.py): hosted-API quota use
and cache hit rate.

Its arithmetic (use = 1 - remaining / the day's peak remaining; hits over lookups per minute)
is checked directly; then the script exactly as a router's boot document ships it runs against
a LiteLLM-style /metrics page
served on 127.0.0.1 (the key required, as LiteLLM's is) and publishes through the real AWS CLI
to a moto CloudWatch server, where the alarm's metric is read back.
"""

from __future__ import annotations

import datetime
import http.server
import json
import os
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import boto3
import pytest
import yaml

from _spec_fakes import FakeCatalog, FakeSizer
from llmkit.components import boot
from llmkit.components.boot import metrics_publisher as quota
from llmkit.components.boot.clouds import CLOUDWATCH_NAMESPACE
from llmkit.components.spec import build_spec
from moto_server import FAKE_ENV, aws_env, moto_endpoint  # noqa: F401 - pytest fixtures

MAXSIZE = 9223372036854775807


def page(requests_left: float, tokens_left: float, hits: float = 0, misses: float = 0) -> str:
    labels = 'api_base="https://api.openai.com",api_provider="openai",litellm_model_name="gpt-4o-mini",model_group="agent"'
    return "\n".join([
        f'litellm_cache_hits_metric_total{{model="gpt-4o-mini"}} {hits}',
        f'litellm_cache_misses_metric_total{{model="gpt-4o-mini"}} {misses}',
        "# HELP litellm_remaining_requests_metric LLM Deployment Analytics",
        "# TYPE litellm_remaining_requests_metric gauge",
        f"litellm_remaining_requests_metric{{{labels}}} {requests_left}",
        f"litellm_remaining_tokens_metric{{{labels}}} {tokens_left}",
        f'litellm_remaining_requests_metric{{api_provider="bedrock",model_group="x"}} {MAXSIZE}.0',  # no header: no limit
        f"litellm_requests_metric_total{{{labels}}} 12.0",
        "",
    ])


def test_remaining_reads_both_gauges_per_deployment_and_drops_no_limit():
    found = quota.remaining(page(400, 150000))
    assert sorted(found.values()) == [400.0, 150000.0]
    assert all("openai" in series for series in found)


def test_use_is_one_minus_remaining_over_the_days_peak():
    peaks: dict = {}
    assert quota.quota_use_pct({}, peaks, 0.0) is None  # nothing seen: nothing published, never 0 %
    assert quota.quota_use_pct({"r": 500.0, "t": 200000.0}, peaks, 0.0) == 0.0  # a quiet minute: the whole quota
    # 85 % of the requests used, 50 % of the tokens: the worse one counts
    assert quota.quota_use_pct({"r": 75.0, "t": 100000.0}, peaks, 60.0) == pytest.approx(85.0)
    assert peaks["r"] == [500.0, 0.0]
    # a day later the old peak no longer stands (the tier may have changed)
    assert quota.quota_use_pct({"r": 100.0, "t": 200000.0}, peaks, quota.PEAK_WINDOW_S + 61.0) == 0.0


def test_cache_hit_rate_is_hits_over_lookups_in_the_minute_from_litellm_or_vllm():
    state: dict = {}
    assert quota.cache_hit_rate_pct(quota.cache_totals(page(1, 1, hits=10, misses=30)), state) is None  # first run
    assert quota.cache_hit_rate_pct(quota.cache_totals(page(1, 1, hits=40, misses=40)), state) == pytest.approx(75.0)
    assert quota.cache_hit_rate_pct(quota.cache_totals(page(1, 1, hits=40, misses=40)), state) is None  # no lookups
    vllm = 'vllm:prefix_cache_queries_total{model_name="m"} 1000.0\nvllm:prefix_cache_hits_total{model_name="m"} 100.0\n'
    later = vllm.replace("1000.0", "3000.0").replace("100.0", "600.0")
    state = {}
    quota.cache_hit_rate_pct(quota.cache_totals(vllm), state)
    assert quota.cache_hit_rate_pct(quota.cache_totals(later), state) == pytest.approx(25.0)
    assert quota.cache_totals("# no cache counters\n") == {}


def _histogram(name: str, counts: dict[str, int]) -> str:
    return "".join(f'{name}{{model="m",le="{le}"}} {n}\n' for le, n in counts.items())


@pytest.mark.parametrize("name", quota.LATENCY_HISTOGRAMS)
def test_p95_latency_is_of_the_requests_finished_in_the_minute(name):
    state: dict = {}
    first = {"1.0": 50, "5.0": 90, "30.0": 100, "+Inf": 100}
    assert quota.latency_p95_s(quota.latency_buckets(_histogram(name, first)), state) is None  # first run
    # 100 more requests: 10 under 1 s, 70 in (1, 5], 20 in (5, 30]: rank 95 is the 15th of the 20
    later = {"1.0": 60, "5.0": 170, "30.0": 200, "+Inf": 200}
    assert quota.latency_p95_s(quota.latency_buckets(_histogram(name, later)), state) == pytest.approx(5 + 25 * 15 / 20)
    assert quota.latency_p95_s(quota.latency_buckets(_histogram(name, later)), state) is None  # no requests
    slow = {"1.0": 60, "5.0": 170, "30.0": 200, "+Inf": 300}  # all 100 above the last bound: at least 30 s
    assert quota.latency_p95_s(quota.latency_buckets(_histogram(name, slow)), state) == 30.0


def test_the_alarm_namespace_is_the_agents():
    assert quota.NAMESPACE_AWS == CLOUDWATCH_NAMESPACE


def _router_files(cloud: str, architecture: str) -> dict[str, str]:
    config = {"llmkit:architecture": architecture, "llmkit:users": "300", "llmkit:hostedModels": '["gpt-4o-mini"]'}
    spec = build_spec(config, "quota-test", catalog=FakeCatalog(), sizer=FakeSizer())
    params = {"secret_scope": "us-east-1", "vllm_base_url": "http://10.0.0.1:8000", "cache_host": "10.0.0.2", "cache_port": "6379"}
    doc = yaml.safe_load(boot.render("router", spec, cloud=cloud, params=params))
    return {f["path"]: f["content"] for f in doc["write_files"]} | {"runcmd": repr(doc["runcmd"])}


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
@pytest.mark.parametrize("architecture", ["api", "hybrid"])
def test_every_hosted_router_ships_the_publisher_and_litellm_metrics(cloud, architecture):
    files = _router_files(cloud, architecture)
    settings = yaml.safe_load(files["/etc/litellm/config.yaml"])["litellm_settings"]
    assert "prometheus" in settings["callbacks"]  # hybrid routers also load the complexity hook
    assert settings["require_auth_for_metrics_endpoint"] is True  # /metrics is not public through the LB
    assert files["/opt/llmkit/bin/metrics-publisher.py"] == Path(quota.__file__).read_text(encoding="utf-8")
    unit = files["/etc/systemd/system/llmkit-metrics.service"]
    assert f"--cloud {cloud} --stack quota-test --source litellm --scope us-east-1 --port 4000 --key-env LITELLM_MASTER_KEY" in unit
    assert "EnvironmentFile=/run/llmkit/litellm.env" in unit  # the master key, to read /metrics
    assert "llmkit-metrics.timer" in files["runcmd"]


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
def test_every_vllm_server_publishes_its_prefix_cache_hit_rate(cloud):
    config = {"llmkit:architecture": "gpu", "llmkit:users": "300"}
    spec = build_spec(config, "cache-test", catalog=FakeCatalog(), sizer=FakeSizer())
    params = {"secret_scope": "scope-1", "model_uri": {"aws": "s3://b/m", "azure": "https://a.blob.core.windows.net/c/m",
                                                       "gcp": "gs://b/m"}[cloud]}
    doc = yaml.safe_load(boot.render("vllm", spec, cloud=cloud, params=params))
    files = {f["path"]: f["content"] for f in doc["write_files"]}
    unit = files["/etc/systemd/system/llmkit-metrics.service"]
    assert f"--source vllm --scope scope-1 --port {spec.model_server.port} --key-env VLLM_API_KEY" in unit
    assert "EnvironmentFile=/run/llmkit/vllm.env" in unit
    assert ["systemctl", "enable", "--now", "llmkit-metrics.timer"] in doc["runcmd"]


class _Metrics(http.server.BaseHTTPRequestHandler):
    body = ""
    key = ""

    def do_GET(self):  # noqa: N802 - the stdlib's name
        if self.path != "/metrics" or self.headers.get("Authorization") != f"Bearer {self.key}":
            self.send_response(401)
            self.end_headers()
            return
        data = self.body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_the_shipped_script_publishes_use_through_the_aws_cli(aws_env, tmp_path):  # noqa: F811 - fixture
    files = _router_files("aws", "api")
    script = tmp_path / "metrics-publisher.py"
    script.write_text(files["/opt/llmkit/bin/metrics-publisher.py"])
    _Metrics.key = "sk-router-master"
    server = http.server.HTTPServer(("127.0.0.1", 0), _Metrics)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state = tmp_path / "state" / "peaks.json"
    aws_bin = str(Path(sys.executable).parent)
    env = {**os.environ, **FAKE_ENV, "AWS_ENDPOINT_URL": aws_env, "LITELLM_MASTER_KEY": _Metrics.key,
           "PATH": aws_bin + os.pathsep + os.environ.get("PATH", "")}
    args = [sys.executable, str(script), "--cloud", "aws", "--stack", "quota-test", "--source", "litellm", "--scope", "us-east-1",
            "--port", str(server.server_address[1]), "--state", str(state)]
    try:
        # a quiet minute, then 88 % of the requests used and 3 of 4 lookups answered from the cache
        for requests_left, tokens_left, hits, misses in ((500, 200000, 2, 8), (60, 150000, 5, 9)):
            _Metrics.body = page(requests_left, tokens_left, hits, misses)
            result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
            assert result.returncode == 0, result.stderr
        wrong_key = subprocess.run(args, env={**env, "LITELLM_MASTER_KEY": "nope"}, capture_output=True, text=True, timeout=600)
        assert wrong_key.returncode != 0 and "401" in wrong_key.stderr
    finally:
        server.shutdown()
    cloudwatch = boto3.client("cloudwatch", region_name="us-east-1", endpoint_url=aws_env)
    for name, expected in ((quota.METRIC, 88.0), (quota.CACHE_METRIC, 75.0)):
        listed = cloudwatch.list_metrics(Namespace=CLOUDWATCH_NAMESPACE, MetricName=name)["Metrics"]
        assert {tuple(sorted((d["Name"], d["Value"]) for d in m["Dimensions"])) for m in listed} == {
            (("Server", "litellm"), ("Stack", "quota-test"))}  # moto lists one entry per data point
        metric = listed[0]
        data = cloudwatch.get_metric_data(
            MetricDataQueries=[{"Id": "m", "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Maximum"}}],
            # an hour either side of now: moto walks every period of the range (a century of
            # minutes took it over a minute on a busy machine)
            StartTime=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1),
            EndTime=datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1),
        )["MetricDataResults"][0]["Values"]
        assert max(data) == pytest.approx(expected)


@pytest.mark.parametrize("name", ["gpu-aws", "api-aws", "hybrid-aws"])
def test_aws_dashboard_shows_cache_hit_rate_latency_and_quota_from_every_publishing_server(name):
    from _stack_plans import by_type, recorded
    from llmkit.components.spec import build_spec
    from _stack_plans import config
    spec = build_spec(config(name), name)
    (board,) = by_type(recorded(name), "aws:cloudwatch/dashboard:Dashboard")
    widgets = {w["properties"]["title"]: w["properties"] for w in json.loads(board.inputs["dashboardBody"])["widgets"]}
    servers = {m[-1] for m in widgets["cache hit rate (%)"]["metrics"]}
    assert servers == set(boot.metric_sources(spec)) and servers
    assert all(m[:4] == [CLOUDWATCH_NAMESPACE, quota.CACHE_METRIC, "Stack", spec.labels["llmkit-stack"]]
               for m in widgets["cache hit rate (%)"]["metrics"])
    assert widgets["p95 response time (s)"]["stat"] == "p95"
    assert ("hosted-API rate-limit use (%)" in widgets) == (spec.router is not None and bool(spec.router.hosted))


@pytest.mark.parametrize("name", ["gpu-gcp", "api-gcp", "hybrid-gcp"])
def test_gcp_dashboard_shows_cache_hit_rate_latency_and_quota(name):
    from _stack_plans import by_type, config, recorded
    from llmkit.components.spec import build_spec
    spec = build_spec(config(name), name)
    (board,) = by_type(recorded(name), "gcp:monitoring/dashboard:Dashboard")
    widgets = {w["title"]: w["xyChart"]["dataSets"][0]["timeSeriesQuery"]["timeSeriesFilter"]
               for w in json.loads(board.inputs["dashboardJson"])["gridLayout"]["widgets"]}
    for server in boot.metric_sources(spec):
        assert f'"{quota.GCP_PREFIX}{quota.CACHE_METRIC}"' in widgets[f"{server} cache hit rate (%)"]["filter"]
    assert widgets["p95 response time (ms)"]["aggregation"]["perSeriesAligner"] == "ALIGN_PERCENTILE_95"
    assert "total_latencies" in widgets["p95 response time (ms)"]["filter"]
    assert ("hosted-API rate-limit use (%)" in widgets) == (spec.router is not None and bool(spec.router.hosted))


@pytest.mark.parametrize("name", ["gpu-azure", "api-azure", "hybrid-azure"])
def test_azure_dashboard_charts_what_each_fleet_publishes_on_its_own_scale_set(name):
    from _stack_plans import by_type, config, recorded
    from llmkit.components.spec import build_spec
    spec = build_spec(config(name), name)
    (board,) = by_type(recorded(name), "azure-native:portal:Dashboard")
    (lens,) = board.inputs["properties"]["lenses"]
    charts = {}
    for part in lens["parts"]:
        assert part["metadata"]["type"] == "Extension/HubsExtension/PartType/MonitorChartPart"
        chart = part["metadata"]["settings"]["content"]["options"]["chart"]
        (metric,) = chart["metrics"]
        charts[chart["title"]] = (metric["resourceMetadata"]["id"], metric["namespace"], metric["name"])
    front = "router" if spec.api_fleet else "vllm"
    role = {"litellm": "router", "vllm": "vllm"}
    for server in boot.metric_sources(spec):  # each server's cache hit rate, on its own fleet's scale set
        assert charts[f"{server} cache hit rate (%)"] == (f"{name}-{role[server]}-vmss-id", quota.NAMESPACE_AZURE, quota.CACHE_METRIC)
    assert charts["p95 response time (s)"] == (f"{name}-{front}-vmss-id", quota.NAMESPACE_AZURE, quota.LATENCY_METRIC)
    assert charts["server cost per query ($)"][1:] == (quota.NAMESPACE_AZURE, quota.COST_METRIC)
    assert ("hosted-API rate-limit use (%)" in charts) == (spec.router is not None and bool(spec.router.hosted))
    assert ("GPU utilisation (%)" in charts) == (spec.gpu_fleet is not None)
    positions = {(p["position"]["x"], p["position"]["y"]) for p in lens["parts"]}
    assert len(positions) == len(lens["parts"])  # no two charts on top of each other


def test_cost_per_query_is_the_hours_spend_over_its_requests():
    state: dict = {}
    # first reading: nothing to compare with
    assert quota.cost_per_query_usd(7.0, 100.0, 2, state, 0.0) is None
    # a minute at $7/h over 60 requests on this server of 2: $7/60 over 120 queries
    assert quota.cost_per_query_usd(7.0, 160.0, 2, state, 60.0) == pytest.approx((7.0 / 60) / 120)
    # a quiet minute adds spend but no query: the hour's ratio rises, it does not become infinite
    assert quota.cost_per_query_usd(7.0, 160.0, 2, state, 120.0) == pytest.approx((7.0 * 2 / 60) / 120)
    # more than an hour later the first minutes have left the window; an idle hour has no cost per query
    assert quota.cost_per_query_usd(7.0, 160.0, 2, state, 120.0 + quota.COST_WINDOW_S + 1) is None
    # a restart resets the counter: start the hour again instead of a negative count
    assert quota.cost_per_query_usd(7.0, 5.0, 2, state, 8000.0) is None and state["cost_window"] == []
    assert quota.requests_finished(quota.latency_buckets(_histogram(quota.LATENCY_HISTOGRAMS[0], {"1.0": 3, "+Inf": 9}))) == 9.0
    assert quota.requests_finished({}) is None  # a server without the histogram: unknown, not zero


class _Azure(http.server.BaseHTTPRequestHandler):
    """Azure's instance metadata, Resource Manager and custom-metrics endpoints, as the publisher
    calls them, each answering only with the token for its own audience."""

    GROUP = "/subscriptions/sub-1/resourceGroups/llmkit-cpq/providers/Microsoft.Compute/virtualMachineScaleSets"
    sizes = {f"{GROUP}/router-vmss": 2, f"{GROUP}/vllm-vmss": 3}
    metrics = ""
    arm_status = 200
    posted: list = []

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode() if not isinstance(body, str) else body.encode()
        self.send_response(status)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 - the stdlib's name
        path, _, query = self.path.partition("?")
        auth = self.headers.get("Authorization", "")
        if path == "/metrics":
            return self._send(200 if auth == "Bearer sk-router-master" else 401, self.metrics)
        if path.startswith("/metadata/"):
            if self.headers.get("Metadata") != "true":
                return self._send(400, {})
            if path == "/metadata/instance/compute":
                return self._send(200, {"resourceId": f"{self.GROUP}/router-vmss/virtualMachines/4", "location": "westus3"})
            audience = "arm" if "management.azure.com" in urllib.parse.unquote(query) else "monitor"
            return self._send(200, {"access_token": f"token-{audience}"})
        if path in self.sizes and "api-version=" in query:
            if auth != "Bearer token-arm" or self.arm_status != 200:
                return self._send(self.arm_status if auth == "Bearer token-arm" else 401, {"error": "no"})
            return self._send(200, {"name": path.rsplit("/", 1)[1], "sku": {"name": "Standard_D2s_v5", "capacity": self.sizes[path]}})
        return self._send(404, {})

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        ok = self.headers.get("Authorization") == "Bearer token-monitor" and self.path == f"{self.GROUP}/router-vmss/metrics"
        if ok:
            self.posted.append(body["data"]["baseData"])
        self._send(200 if ok else 403, {})

    def log_message(self, *args):
        pass


def test_the_shipped_script_publishes_azure_cost_per_query_from_every_fleets_size(tmp_path):
    """The router script as shipped, against Azure's endpoints served on 127.0.0.1: it reads both
    scale sets' sizes with its Resource Manager token and posts spend over requests to its own."""
    script = tmp_path / "metrics-publisher.py"
    script.write_text(Path(quota.__file__).read_text(encoding="utf-8"))
    server = http.server.HTTPServer(("127.0.0.1", 0), _Azure)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    env = {**os.environ, "LITELLM_MASTER_KEY": "sk-router-master", "LLMKIT_AZURE_IMDS": f"{base}/metadata",
           "LLMKIT_AZURE_ARM": base, "LLMKIT_AZURE_MONITORING": base}
    state = tmp_path / "state.json"
    args = [sys.executable, str(script), "--cloud", "azure", "--stack", "cpq", "--source", "litellm", "--port",
            str(server.server_address[1]), "--state", str(state),
            "--fleet-cost", "self=0.5", "--fleet-cost", f"{_Azure.GROUP}/vllm-vmss=2.0"]
    histogram = quota.LATENCY_HISTOGRAMS[0]
    readings = []
    try:
        for finished in (100, 160):
            _Azure.metrics = _histogram(histogram, {"1.0": finished, "+Inf": finished})
            result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, result.stderr
            readings.append(json.loads(state.read_text())["cost"][0])
        (posted,) = [p for p in _Azure.posted if p["metric"] == quota.COST_METRIC]
        spend = 2 * 0.5 + 3 * 2.0  # router and vLLM fleets at their sizes and prices, per hour
        expected = spend * (readings[1] - readings[0]) / 3600 / (60 * 2)  # 60 requests here, 2 routers
        assert posted["namespace"] == "llmkit" and posted["series"][0]["max"] == pytest.approx(expected)
        # Resource Manager refuses (a Reader grant still propagating): the other metrics still go out
        _Azure.arm_status, _Azure.posted[:] = 403, []
        _Azure.metrics = _histogram(histogram, {"1.0": 200, "+Inf": 220})
        result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0 and "cost per query skipped" in result.stderr
        assert [p["metric"] for p in _Azure.posted] == [quota.LATENCY_METRIC]
    finally:
        _Azure.arm_status = 200
        server.shutdown()
