"""Service accounts: one per server role, each with only what that role needs.

vLLM servers read the model bucket; routers read their own secrets (both granted on the
resource itself, in storage.py / secrets.py). Both write logs and metrics (the GPU utilisation
the autoscaler tracks is a custom metric the Ops Agent writes), the only project-level roles.
Qdrant gets no service account at all.
"""

from __future__ import annotations

import dataclasses

import pulumi
import pulumi_gcp as gcp

from llmkit.components.gcp.base import GcpBase

PROJECT_ROLES = ("roles/logging.logWriter", "roles/monitoring.metricWriter")


@dataclasses.dataclass
class ServiceAccount:
    account: gcp.serviceaccount.Account
    member: pulumi.Output[str]  # serviceAccount:<email>, for IAM bindings
    project: pulumi.Input[str]


def account_id(stack: str, role: str) -> str:
    """GCP account ids: 6-30 characters, lowercase letters, digits and dashes, letter first."""
    head = f"llmkit-{stack}"[: 29 - len(role)].rstrip("-")
    return f"{head}-{role}"


def create_service_account(base: GcpBase, role: str) -> ServiceAccount:
    account = gcp.serviceaccount.Account(
        base.name(f"{role}-sa"),
        account_id=account_id(base.spec.stack, role),
        display_name=f"llmkit {base.spec.stack} {role} servers",
        opts=base.opts(),
    )
    member = pulumi.Output.concat("serviceAccount:", account.email)
    project = base.project(account.project)
    for project_role in PROJECT_ROLES:
        gcp.projects.IAMMember(
            base.name(f"{role}-{project_role.split('/')[-1].replace('.', '-').lower()}"),
            project=project,
            role=project_role,
            member=member,
            opts=base.opts(),
        )
    return ServiceAccount(account=account, member=member, project=project)
