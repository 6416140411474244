"""Runs the component package's host side in its own process, as the Pulumi CLI runs the plugin.

WHY a separate process: importing ``pulumi.provider.experimental`` loads the SDK's provider
server, which registers its own copy of ``google.rpc.Status`` in protobuf's default pool; the
Google Cloud client libraries register googleapis' copy, and one process cannot hold both (the
GCP sweep tests would fail after this). A real plugin is a process of its own anyway.

    python tests/_package_host.py schema      -> the package schema (JSON)
    python tests/_package_host.py construct   -> one AwsGpuCluster constructed under mocks (JSON)
"""

from __future__ import annotations

import dataclasses
import json
import sys


def construct() -> dict:
    from pulumi.provider.experimental.component import ComponentProvider

    from llmkit.components.package import COMPONENTS, PACKAGE
    from llmkit.mockrun import run_program
    from llmkit.offline_plan import _offline_mocks, invokes

    provider = ComponentProvider(list(COMPONENTS), PACKAGE)
    state: dict = {}

    def program() -> None:
        made = provider.construct("chat", "llmkit:index:AwsGpuCluster", {"users": 50, "alertEmails": ["ops@example.com"]}, None)
        state.update(made.state)

    recorded = run_program(program, config={}, project="ts-app", mocks=_offline_mocks(invokes({}), computed=True))
    return {"state": sorted(state), "recorded": [dataclasses.asdict(r) for r in recorded]}


if __name__ == "__main__":
    if sys.argv[1] == "schema":
        from llmkit.components.package import schema

        print(json.dumps(schema()))
    else:
        print(json.dumps(construct(), default=str))
