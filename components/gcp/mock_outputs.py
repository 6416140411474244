"""What GCP would answer for computed outputs, for runs under the Pulumi SDK's mocks.

The mocks echo inputs as outputs, so outputs the program reads but never sets would be empty:
a service account's ``email`` and ``project``, a bucket's ``name``, a managed instance group's
``instanceGroup`` URL, an address's ``address``. This hook returns placeholders shaped like the
real ones (the project is ``gcp:project`` when the stack sets it). Pass it as
``RecordingMocks(outputs=computed_outputs)``.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.runtime.mocks import MockResourceArgs

OFFLINE_PROJECT = "offline-plan-project"


def computed_outputs(args: MockResourceArgs) -> dict[str, Any]:
    if not args.typ.startswith("gcp:"):
        return {}
    project = args.inputs.get("project") or pulumi.Config("gcp").get("project") or OFFLINE_PROJECT
    name = args.inputs.get("name") or args.name
    out: dict[str, Any] = {"project": project, "name": name}
    token = args.typ.split(":")[-1]
    if token == "Account":
        out["email"] = f"{args.inputs.get('accountId', args.name)}@{project}.iam.gserviceaccount.com"
    elif token == "RegionInstanceGroupManager":
        out["instanceGroup"] = f"projects/{project}/regions/{args.inputs.get('region')}/instanceGroups/{name}"
    elif token == "GlobalAddress":
        out["address"] = "203.0.113.10"  # TEST-NET-3: documentation address, never routable
    elif args.typ == "gcp:redis/instance:Instance":  # Memorystore: an address in its reserved range,
        # the TLS port, and a CA placeholder (PEM-shaped, no key material); the AUTH string is the
        # secret the program stores, so a fixed test value shows where it goes
        first = str(args.inputs.get("reservedIpRange", "10.40.3.0/29")).split("/")[0].rsplit(".", 1)
        out.update(host=f"{first[0]}.{int(first[1]) + 3}", port=6378, authString=pulumi.Output.secret("offline-auth-string"),
                   serverCaCerts=[{"cert": "-----BEGIN CERTIFICATE-----\nOFFLINE\n-----END CERTIFICATE-----\n"}])
    return out
