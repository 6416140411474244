"""What Azure would answer for computed outputs, for runs under the Pulumi SDK's mocks.

The SDK's mocks echo a resource's inputs back as its outputs. That breaks azure-native
resources whose output shape differs from the input: ``identity.userAssignedIdentities`` is a
list of ids going in and a map keyed by id coming out, and the SDK refuses the list. This hook
returns the output shape (and a realistic ``name``, and placeholder GUIDs for an identity's
client, principal and tenant ids) so the offline planner and the tests can
run the Azure programs. Pass it as ``RecordingMocks(outputs=computed_outputs)``.
"""

from __future__ import annotations

import uuid
from typing import Any

from pulumi.runtime.mocks import MockResourceArgs



def computed_outputs(args: MockResourceArgs) -> dict[str, Any]:
    if not args.typ.startswith("azure-native:"):
        return {}
    out: dict[str, Any] = {}
    identity = args.inputs.get("identity")
    if isinstance(identity, dict) and isinstance(identity.get("userAssignedIdentities"), list):
        out["identity"] = {
            **identity,
            "userAssignedIdentities": {ref: {} for ref in identity["userAssignedIdentities"] if isinstance(ref, str)},
        }
    own_name = _own_name(args)
    out["name"] = own_name
    if args.typ == "azure-native:redis:Redis":  # Azure makes the host name, TLS port and access keys
        out.update(hostName=f"{own_name}.redis.cache.windows.net", sslPort=6380,
                   accessKeys={"primaryKey": "offline-primary-key", "secondaryKey": "offline-secondary-key"})
    if args.typ == "azure-native:managedidentity:UserAssignedIdentity":
        out.update(clientId=mock_client_id(args.name), principalId=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{args.name}/principal")),
                   tenantId=OFFLINE_TENANT)
    return out


OFFLINE_TENANT = "00000000-0000-0000-0000-000000000000"


def mock_client_id(logical_name: str) -> str:
    """A stable placeholder client id for a user-assigned identity (a GUID, as Azure gives)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{logical_name}/client"))


def _own_name(args: MockResourceArgs) -> str:
    """The resource's own name: its explicit name input, else its logical name (autonaming)."""
    token = args.typ.split(":")[-1]
    explicit = f"{token[:1].lower()}{token[1:]}Name"
    if isinstance(args.inputs.get(explicit), str):
        return args.inputs[explicit]
    if token == "ResourceGroup" and isinstance(args.inputs.get("resourceGroupName"), str):
        return args.inputs["resourceGroupName"]
    if token == "UserAssignedIdentity" and isinstance(args.inputs.get("resourceName"), str):
        return args.inputs["resourceName"]
    return args.name
