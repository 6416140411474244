"""Boot scripts (cloud-init ``#cloud-config``) for the three server roles, rendered from the spec.

``render(role, spec, cloud=..., params=...)`` is the one entry point every cloud package calls.
The document is built as data and dumped as YAML (so it is always well-formed), with the
service units and helper scripts from ``templates/`` written by ``write_files`` and started
by ``runcmd``. Cloud-specific commands (secret reads, weight sync) come from ``clouds.py``.

``params`` (all strings) by role:
  vllm:   ``model_uri`` bucket URL of the weights prefix (s3://, https://<acct>.blob..., gs://),
          unused for a custom model given by bucket path (``ModelServerSpec.weights_uri``);
          ``secret_scope`` where its API key lives (as for the router)
  router: ``secret_scope`` (AWS region | Key Vault name | GCP project id);
          ``vllm_base_url`` for hybrid (http://<internal LB>:8000); in a tiers stack also
          ``vllm_base_url:<model>`` for every tier but the first (``tier_url_params``)
          ``cache_host`` and ``cache_port`` of the shared response cache when the spec has one,
          ``cache_ca`` its server CA (PEM) where the cloud signs it with its own (Memorystore)
  vllm, router (Azure, the client-facing fleet): ``fleet_costs``, space-separated
          ``SCALE_SET_ID=USD_PER_HOUR`` for every fleet of the stack (``self`` for the server's
          own), from which the metrics publisher derives the server cost per query
  qdrant: ``data_device`` block device of the persistent data disk; ``secret_scope`` where its
          API key lives (as for the router)
On AWS, vLLM servers also get a CloudWatch agent config publishing nvidia-smi GPU utilisation
(the autoscaling signal); Azure and GCP collect GPU metrics with their own agents.
"""

from __future__ import annotations

import json
import re
import shlex
from importlib import resources
from typing import Any, Literal, Mapping

import pulumi
import yaml  # type: ignore[import-untyped]  # no stubs in the venv (types-PyYAML)

from llmkit.components.boot import images, metrics_publisher
from llmkit.components.boot.clouds import CLOUDWATCH_NAMESPACE, GPU_METRIC, for_cloud  # noqa: F401 - the AWS components read the metric here
from llmkit.components.boot.litellm import ROUTER_MODULE, litellm_config, router_table
from llmkit.components.boot.vllm import vllm_args
from llmkit.components.spec import DeploymentSpec, RouterSpec

Role = Literal["vllm", "router", "qdrant"]
ROLES: tuple[str, ...] = ("vllm", "router", "qdrant")
SERVER_KEY_ENV = "VLLM_API_KEY"  # vLLM reads it as its --api-key: every /v1 request needs it
LOCAL_KEY_ENV = "LOCAL_MODEL_API_KEY"
QDRANT_KEY_ENV = "QDRANT__SERVICE__API_KEY"  # Qdrant refuses every request without it (api-key header)
CACHE_PASSWORD_ENV = "REDIS_PASSWORD"  # LiteLLM's Redis cache reads its AUTH token / access key here
CACHE_CA_PATH = "/etc/litellm/redis-ca.pem"  # on the host; mounted read-only into the container
HF_TOKEN_ENV = "HF_TOKEN"  # read by vLLM's Hugging Face downloads (gated repos: Llama, Mistral)  # the hybrid router's copy of the same key, to call vLLM  # the CloudWatch agent's name for nvidia-smi utilization.gpu
_PLACEHOLDER = re.compile(r"{{(\w+)}}")


class _BlockDumper(yaml.SafeDumper):
    """Multi-line strings (scripts, units) as YAML literal blocks, so user data stays readable."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _str)


def template(name: str, **values: Any) -> str:
    """Fill ``{{name}}`` placeholders of a template file; a missing value is an error, not a blank."""
    text = resources.files("llmkit.components.boot").joinpath("templates", name).read_text(encoding="utf-8")

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"template {name} needs {key}")
        return str(values[key])

    return _PLACEHOLDER.sub(fill, text)


def _param(params: Mapping[str, str], key: str, role: str) -> str:
    value = params.get(key)
    if not value:
        raise ValueError(f"boot script for {role} needs params[{key!r}]")
    return str(value)


def _file(path: str, content: str, mode: str = "0644") -> dict[str, str]:
    return {"path": path, "content": content, "owner": "root:root", "permissions": mode}


def _load_secrets(cloud: str, scope: str, reads: Mapping[str, str], env_file: str,
                  optional: Mapping[str, str] | None = None) -> dict[str, str]:
    """load-secrets.sh writing ``reads`` (secret name -> variable) into /run/llmkit/``env_file``.

    One assignment per key so that ``set -e`` stops on a failed read (a substitution inside
    printf's arguments would not), and an empty value stops it too: a server never starts
    with a blank key (LiteLLM and vLLM would then accept any request). ``optional`` keys (the
    Hugging Face token: ungated models and a filled model bucket need none) are written only
    when the store has a value, and never stop the service."""
    boot = for_cloud(cloud)
    lines = [
        f'value="$({boot.read_secret(scope, name)})"\n'
        f'[ -n "$value" ] || {{ echo "secret {name} is empty: refusing to start" >&2; exit 1; }}\n'
        f'printf "%s=%s\\n" {env} "$value" >> "$tmp"'
        for name, env in reads.items()
    ]
    lines += [
        f'value="$({boot.read_secret(scope, name)} 2>/dev/null || true)"  # optional\n'
        f'if [ -n "$value" ]; then printf "%s=%s\\n" {env} "$value" >> "$tmp"; fi'
        for name, env in (optional or {}).items()
    ]
    script = template("load-secrets.sh", login_command=boot.login, secret_lines="\n".join(lines), env_file=env_file)
    return _file("/opt/llmkit/bin/load-secrets.sh", script, "0700")


def _vllm(spec: DeploymentSpec, cloud: str, params: Mapping[str, str]) -> dict[str, Any]:
    server = spec.model_server
    if server is None:
        raise ValueError("the spec has no model server")
    if not server.api_key_secret:
        raise ValueError("the model server has no API key secret: it would serve without authentication")
    boot = for_cloud(cloud)
    # a custom model's own bucket path, else the stack's model cache (filled from the hub)
    model_uri = server.weights_uri or _param(params, "model_uri", "vllm")
    sync = boot.sync_weights(model_uri, "$dest")
    upload = boot.upload_weights("$dest", model_uri)
    scope = _param(params, "secret_scope", "vllm")
    files = [
        _file("/opt/llmkit/bin/fetch-weights.sh", template(
            "fetch-weights.sh", hf_repo=server.hf_repo, hub_repo="" if server.weights_uri else server.hf_repo,
            sync_command=sync, upload_command=upload,
            image=images.VLLM_IMAGE), "0755"),
        _load_secrets(cloud, scope, {server.api_key_secret: SERVER_KEY_ENV}, "vllm.env",
                      optional={server.hf_token_secret: HF_TOKEN_ENV} if server.hf_token_secret else None),
        _file(
            "/etc/systemd/system/llmkit-vllm.service",
            template(
                "vllm.service",
                served_name=server.model_id,
                port=server.port,
                image=images.VLLM_IMAGE,
                args=" ".join(shlex.quote(a) if "$" not in a else a for a in vllm_args(server)),
            ),
        ),
    ]
    runcmd: list[Any] = [["sh", "-c", boot.install_docker], ["sh", "-c", boot.install_cli]]
    agent = boot.gpu_metrics
    if agent is not None:
        files.append(_file(agent.config_path, agent.config))
        runcmd += [list(command) for command in agent.commands]
    files += _metrics_publisher(spec, cloud, scope, server.port, source="vllm", key_env=SERVER_KEY_ENV,  # prefix-cache hit rate
                                fleet_costs=params.get("fleet_costs", ""))
    runcmd += [["systemctl", "daemon-reload"], ["systemctl", "enable", "--now", "docker"], ["systemctl", "enable", "--now", "llmkit-vllm.service"],
               ["systemctl", "enable", "--now", "llmkit-metrics.timer"]]
    return {"write_files": files, "runcmd": runcmd}


def _router(spec: DeploymentSpec, cloud: str, params: Mapping[str, str]) -> dict[str, Any]:
    router = spec.router
    if router is None:
        raise ValueError("the spec has no router")
    boot = for_cloud(cloud)
    scope = _param(params, "secret_scope", "router")
    if not router.master_key_secret:
        raise ValueError("the router has no master key secret: LiteLLM would serve without authentication")
    reads = {h.secret_name: h.env_var for h in router.hosted}
    reads[router.master_key_secret] = "LITELLM_MASTER_KEY"
    if router.local_model:
        if spec.model_server is None or not spec.model_server.api_key_secret:
            raise ValueError("a hybrid router needs the model server's key secret")
        reads[spec.model_server.api_key_secret] = LOCAL_KEY_ENV
    local_urls = _vllm_urls(router, params)
    shared_cache, cache_files, mounts = _shared_cache(spec, params, reads)
    config = litellm_config(router, vllm_base_urls=local_urls, local_key_env=LOCAL_KEY_ENV, shared_cache=shared_cache)
    hook = _routing_hook(router)
    # LiteLLM resolves module.instance callbacks beside its config file (/app)
    mounts += "".join(f" -v {f['path']}:/app/{f['path'].rsplit('/', 1)[1]}:ro" for f in hook)
    files = [
        _file("/etc/litellm/config.yaml", yaml.dump(config, Dumper=_BlockDumper, sort_keys=False)),
        *cache_files,
        *hook,
        _load_secrets(cloud, scope, reads, "litellm.env"),
        _file(
            "/etc/systemd/system/llmkit-litellm.service",
            template(
                "litellm.service",
                local_note=f" + local {router.local_model}" if router.local_model else "",
                port=router.port,
                image=images.LITELLM_IMAGE,
                mounts=mounts,
            ),
        ),
    ]
    runcmd = [
        ["sh", "-c", boot.install_docker],
        ["sh", "-c", boot.install_cli],
        ["systemctl", "daemon-reload"],
        ["systemctl", "enable", "--now", "docker"],
        ["systemctl", "enable", "--now", "llmkit-litellm.service"],
    ]
    if metrics_publisher.SOURCE_LITELLM in metric_sources(spec):  # only stacks that call hosted APIs have a quota to watch
        files += _metrics_publisher(spec, cloud, scope, router.port, source="litellm", key_env="LITELLM_MASTER_KEY",
                                    fleet_costs=params.get("fleet_costs", ""))
        runcmd.append(["systemctl", "enable", "--now", "llmkit-metrics.timer"])
    return {"write_files": files, "runcmd": runcmd}


def _shared_cache(spec: DeploymentSpec, params: Mapping[str, str],
                  reads: dict[str, str]) -> tuple[dict[str, Any] | None, list[dict[str, str]], str]:
    """The router's Redis cache settings (None without a shared cache), the files it needs and
    the extra container mounts; adds the cache's key to ``reads`` so load-secrets.sh puts it in
    the environment (REDIS_PASSWORD) and the router refuses to start without it. The key itself
    never enters the config or user data. TLS always: ``ssl`` on, verifying the server against
    the system CAs or, where the cloud signs with its own CA (Memorystore), against that one."""
    cache = spec.response_cache
    if cache is None:
        return None, [], ""
    if not cache.auth_secret:
        raise ValueError("the response cache has no key secret: it would serve without AUTH")
    reads[cache.auth_secret] = CACHE_PASSWORD_ENV
    settings: dict[str, Any] = {"host": _param(params, "cache_host", "router"), "port": int(_param(params, "cache_port", "router")),
                                "ssl": True, "ttl": cache.ttl_seconds}
    ca = params.get("cache_ca")
    if not ca:
        return settings, [], ""
    settings["ssl_ca_certs"] = "/app/redis-ca.pem"
    return settings, [_file(CACHE_CA_PATH, ca)], f" -v {CACHE_CA_PATH}:/app/redis-ca.pem:ro"


TIER_URL_PARAM = "vllm_base_url:"  # + served model name: a tiers stack's extra vLLM fleets


def tier_url_params(urls: Mapping[str, pulumi.Input[str]]) -> dict[str, pulumi.Input[str]]:
    """The router's params for every tier's vLLM base URL beyond the first (served model -> URL)."""
    return {f"{TIER_URL_PARAM}{model}": url for model, url in urls.items()}


def _vllm_urls(router: RouterSpec, params: Mapping[str, str]) -> dict[str, str]:
    """Served model -> base URL: the first local model's is ``vllm_base_url``, other tiers'
    ``vllm_base_url:<model>`` (tier_url_params)."""
    if not router.local_models:
        return {}
    urls = {router.local_models[0]: _param(params, "vllm_base_url", "router")}
    for model in router.local_models[1:]:
        urls[model] = _param(params, f"{TIER_URL_PARAM}{model}", "router")
    return urls


def _routing_hook(router: RouterSpec) -> list[dict[str, str]]:
    """The complexity-routing callback and its table, for routers that route (hybrid, tiers)."""
    if not router.routes:
        return []
    module = resources.files("llmkit.components.boot").joinpath(f"{ROUTER_MODULE}.py").read_text(encoding="utf-8")
    return [
        _file(f"/etc/litellm/{ROUTER_MODULE}.py", module),
        _file("/etc/litellm/routing.json", json.dumps(router_table(router), indent=2) + "\n"),
    ]


def metric_sources(spec: DeploymentSpec) -> list[str]:
    """The servers of ``spec`` that publish metrics (metrics_publisher.py's Server label): the
    routers when they call hosted APIs (quota use, response-cache hit rate), every vLLM server
    (prefix-cache hit rate). Dashboards read the same list."""
    routers = [metrics_publisher.SOURCE_LITELLM] if spec.router is not None and spec.router.hosted else []
    return routers + ([metrics_publisher.SOURCE_VLLM] if spec.model_server is not None else [])


def _metrics_publisher(spec: DeploymentSpec, cloud: str, scope: str, port: int, *,
                       source: Literal["litellm", "vllm"], key_env: str, fleet_costs: str = "") -> list[dict[str, str]]:
    """The server's hosted-API quota use, cache hit rate and p95 latency, every minute, as the
    cloud metrics the alerts and dashboards read (metrics_publisher.py says how each is
    measured); with ``fleet_costs`` (``ID=USD_PER_HOUR`` pairs, space-separated: Azure's
    client-facing servers) also the stack's server cost per query."""
    script = resources.files("llmkit.components.boot").joinpath("metrics_publisher.py").read_text(encoding="utf-8")
    costs = "".join(f" --fleet-cost {shlex.quote(pair)}" for pair in fleet_costs.split())
    unit = template("llmkit-metrics.service", source=source, after=f"llmkit-{source}.service", env_file=f"{source}.env",
                    cloud=cloud, stack=shlex.quote(spec.labels.get("llmkit-stack", spec.stack)),
                    scope=shlex.quote(scope), port=port, key_env=key_env, fleet_costs=costs)
    return [
        _file("/opt/llmkit/bin/metrics-publisher.py", script, "0755"),
        _file("/etc/systemd/system/llmkit-metrics.service", unit),
        _file("/etc/systemd/system/llmkit-metrics.timer", template("llmkit-metrics.timer")),
    ]


def _qdrant(spec: DeploymentSpec, cloud: str, params: Mapping[str, str]) -> dict[str, Any]:
    vdb = spec.vector_db
    if not vdb.api_key_secret:
        raise ValueError("the vector DB has no API key secret: Qdrant would serve without authentication")
    boot = for_cloud(cloud)
    device = _param(params, "data_device", "qdrant")
    scope = _param(params, "secret_scope", "qdrant")
    files = [
        _file("/opt/llmkit/bin/mount-data.sh", template("mount-data.sh", data_device=device), "0755"),
        _load_secrets(cloud, scope, {vdb.api_key_secret: QDRANT_KEY_ENV}, "qdrant.env"),
        _file("/etc/systemd/system/llmkit-qdrant.service", template("qdrant.service", port=vdb.port, image=images.QDRANT_IMAGE)),
    ]
    runcmd = [
        ["/opt/llmkit/bin/mount-data.sh"],
        ["sh", "-c", boot.install_docker],
        ["sh", "-c", boot.install_cli],
        ["systemctl", "daemon-reload"],
        ["systemctl", "enable", "--now", "docker"],
        ["systemctl", "enable", "--now", "llmkit-qdrant.service"],
    ]
    return {"write_files": files, "runcmd": runcmd}


_ROLES = {"vllm": _vllm, "router": _router, "qdrant": _qdrant}


def render(role: Role, spec: DeploymentSpec, *, cloud: str, params: Mapping[str, str]) -> str:
    """The ``#cloud-config`` user data for one server role of ``spec`` on ``cloud``."""
    if role not in _ROLES:
        raise ValueError(f"unknown boot role {role!r}; expected one of {', '.join(ROLES)}")
    for_cloud(cloud)  # ValueError for an unknown cloud, before any role renders
    body: dict[str, Any] = {"package_update": False}
    body.update(_ROLES[role](spec, cloud, params))
    body["final_message"] = f"llmkit {role} for stack {spec.stack} booted after $UPTIME seconds"
    return "#cloud-config\n" + yaml.dump(body, Dumper=_BlockDumper, sort_keys=False, width=4096)


def render_output(role: Role, spec: DeploymentSpec, *, cloud: str, params: Mapping[str, pulumi.Input[str]]) -> pulumi.Output[str]:
    """``render`` once every param is known: bucket URLs, vault names and load balancer
    addresses are often Outputs of resources the same program creates."""
    keys = list(params)
    return pulumi.Output.all(*[params[k] for k in keys]).apply(
        lambda values: render(role, spec, cloud=cloud, params=dict(zip(keys, values)))
    )
