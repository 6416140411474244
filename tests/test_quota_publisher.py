"""The routers' hosted-API quota publisher (components/boot/quota_publisher.py).

Its arithmetic (use = 1 - remaining / the day's peak remaining) is checked directly; then the
script exactly as a router's boot document ships it runs against a LiteLLM-style /metrics page
served on 127.0.0.1 (the key required, as LiteLLM's is) and publishes through the real AWS CLI
to a moto CloudWatch server, where the alarm's metric is read back.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import boto3
import pytest
import yaml

from _spec_fakes import FakeCatalog, FakeSizer
from llmkit.components import boot
from llmkit.components.boot import quota_publisher as quota
from llmkit.components.boot.clouds import CLOUDWATCH_NAMESPACE
from llmkit.components.spec import build_spec
from moto_server import FAKE_ENV, aws_env, moto_endpoint  # noqa: F401 - pytest fixtures

MAXSIZE = 9223372036854775807


def page(requests_left: float, tokens_left: float) -> str:
    labels = 'api_base="https://api.openai.com",api_provider="openai",litellm_model_name="gpt-4o-mini",model_group="agent"'
    return "\n".join([
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


def test_the_alarm_namespace_is_the_agents():
    assert quota.NAMESPACE_AWS == CLOUDWATCH_NAMESPACE


def _router_files(cloud: str, architecture: str) -> dict[str, str]:
    config = {"llmkit:architecture": architecture, "llmkit:users": "300", "llmkit:hostedModels": '["gpt-4o-mini"]'}
    spec = build_spec(config, "quota-test", catalog=FakeCatalog(), sizer=FakeSizer())
    params = {"secret_scope": "us-east-1", "vllm_base_url": "http://10.0.0.1:8000"}
    doc = yaml.safe_load(boot.render("router", spec, cloud=cloud, params=params))
    return {f["path"]: f["content"] for f in doc["write_files"]} | {"runcmd": repr(doc["runcmd"])}


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
@pytest.mark.parametrize("architecture", ["api", "hybrid"])
def test_every_hosted_router_ships_the_publisher_and_litellm_metrics(cloud, architecture):
    files = _router_files(cloud, architecture)
    assert yaml.safe_load(files["/etc/litellm/config.yaml"])["litellm_settings"]["callbacks"] == ["prometheus"]
    assert files["/opt/llmkit/bin/quota-publisher.py"] == Path(quota.__file__).read_text(encoding="utf-8")
    unit = files["/etc/systemd/system/llmkit-quota.service"]
    assert f"--cloud {cloud} --stack quota-test --scope us-east-1 --port 4000" in unit
    assert "EnvironmentFile=/run/llmkit/litellm.env" in unit  # the master key, to read /metrics
    assert "llmkit-quota.timer" in files["runcmd"]


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
    script = tmp_path / "quota-publisher.py"
    script.write_text(files["/opt/llmkit/bin/quota-publisher.py"])
    _Metrics.key = "sk-router-master"
    server = http.server.HTTPServer(("127.0.0.1", 0), _Metrics)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state = tmp_path / "state" / "peaks.json"
    aws_bin = str(Path(sys.executable).parent)
    env = {**os.environ, **FAKE_ENV, "AWS_ENDPOINT_URL": aws_env, "LITELLM_MASTER_KEY": _Metrics.key,
           "PATH": aws_bin + os.pathsep + os.environ.get("PATH", "")}
    args = [sys.executable, str(script), "--cloud", "aws", "--stack", "quota-test", "--scope", "us-east-1",
            "--port", str(server.server_address[1]), "--state", str(state)]
    try:
        for requests_left, tokens_left in ((500, 200000), (60, 150000)):  # a quiet minute, then 88 % of requests used
            _Metrics.body = page(requests_left, tokens_left)
            result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, result.stderr
        wrong_key = subprocess.run(args, env={**env, "LITELLM_MASTER_KEY": "nope"}, capture_output=True, text=True, timeout=120)
        assert wrong_key.returncode != 0 and "401" in wrong_key.stderr
    finally:
        server.shutdown()
    cloudwatch = boto3.client("cloudwatch", region_name="us-east-1", endpoint_url=aws_env)
    (metric,) = cloudwatch.list_metrics(Namespace=CLOUDWATCH_NAMESPACE, MetricName=quota.METRIC)["Metrics"]
    assert metric["Dimensions"] == [{"Name": "Stack", "Value": "quota-test"}]
    data = cloudwatch.get_metric_data(
        MetricDataQueries=[{"Id": "use", "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Maximum"}}],
        StartTime="2000-01-01T00:00:00Z", EndTime="2100-01-01T00:00:00Z",
    )["MetricDataResults"][0]["Values"]
    assert max(data) == pytest.approx(88.0)
