"""The CI recipe (.github/actions/llmkit-cost/run.sh, used by the composite action and the
workflow) run end to end on two committed previews: base priced to JSON, the PR priced against
it with --compare-to, ONE comment created then updated in place on a 127.0.0.1 server that
answers like GitHub's issue-comments API, and exit 3 over budget (after commenting)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from llmkit.ci.github_comment import PAGE, Request as ApiRequest, marker, upsert_comment
from llmkit.core.errors import UserError
from replay_server import ReplayServer

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / ".github" / "actions" / "llmkit-cost"
WORKFLOW = ROOT / ".github" / "workflows" / "llmkit-cost.yml"
PREVIEWS = ROOT / "tests" / "fixtures" / "previews"
TOKEN = "ghs_test-token-never-printed"


class FakeGitHub:
    """Issue comments of one pull request, as the REST API serves them."""

    def __init__(self, server: ReplayServer, existing: int = 0) -> None:
        self.comments: list[dict] = [{"id": 1000 + i, "body": f"someone else {i}", "html_url": f"u{i}"} for i in range(existing)]
        self.auth: set[str] = set()
        base = r"/repos/acme/infra/issues"
        server.route("GET", base + r"/7/comments", self.list)
        server.route("POST", base + r"/7/comments", self.create)
        server.route("PATCH", base + r"/comments/(?P<id>\d+)", self.update)

    def _seen(self, req) -> None:
        self.auth.add(req.headers.get("Authorization", ""))

    def list(self, req):
        self._seen(req)
        page, per = int(req.q("page") or 1), int(req.q("per_page") or 30)
        return 200, self.comments[(page - 1) * per: page * per], {}

    def create(self, req):
        self._seen(req)
        c = {"id": 5000 + len(self.comments), "body": json.loads(req.body)["body"], "html_url": "https://github.test/c"}
        self.comments.append(c)
        return 201, c, {}

    def update(self, req):
        self._seen(req)
        (c,) = [c for c in self.comments if c["id"] == int(req.match.group("id"))]
        c["body"] = json.loads(req.body)["body"]
        return 200, c, {}

    def ours(self) -> list[dict]:
        return [c for c in self.comments if marker("gpu") in c["body"]]


def _run(tmp_path: Path, api: str, **env: str) -> subprocess.CompletedProcess:
    full = dict(
        os.environ,
        LLMKIT=f"{sys.executable} -m llmkit",
        PYTHONPATH=str(ROOT),
        HEAD_PREVIEW=str(PREVIEWS / "ci-head.json"),
        BASE_PREVIEW=str(PREVIEWS / "ci-base.json"),
        PR_NUMBER="7",
        GITHUB_REPOSITORY="acme/infra",
        GITHUB_TOKEN=TOKEN,
        GITHUB_API_URL=api,
        TAG="gpu",
        OUT_DIR=str(tmp_path / "out"),
        GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"),
    )
    full.update(env)
    return subprocess.run(["bash", str(ACTION / "run.sh")], capture_output=True, text=True, env=full, cwd=tmp_path, timeout=300)


def test_recipe_comments_once_updates_in_place_and_fails_over_budget(tmp_path):
    with ReplayServer() as server:
        gh = FakeGitHub(server, existing=PAGE + 5)  # our comment lands on page 2
        first = _run(tmp_path, server.url, BUDGET="5000")
        assert first.returncode == 0, first.stderr
        (ours,) = gh.ours()
        body = ours["body"]
        assert "**Monthly cost will increase by $" in body and "Within budget" in body
        assert "| web | aws:ec2/instance:Instance | update |" in body  # priced against the base, not as new
        assert "<details>" in body and "| web-role |" not in body  # free: counted, not listed
        out = tmp_path / "out"
        head = json.loads((out / "head.json").read_text())
        base = json.loads((out / "base.json").read_text())
        assert head["pastTotalMonthlyCost"] == base["totalMonthlyCost"]  # --compare-to the base's output

        again = _run(tmp_path, server.url, BUDGET="5000")  # the same commit again: no edit at all
        assert again.returncode == 0 and "comment unchanged" in again.stderr
        assert server.count("PATCH", r"/comments/") == 0 and server.count("POST", r"/comments$") == 1

        over = _run(tmp_path, server.url, BUDGET="100")
        assert over.returncode == 3, over.stderr  # the check fails...
        assert "over the budget of $100.00" in over.stderr
        (ours,) = gh.ours()  # ...after updating the same comment
        assert "**Over budget**" in ours["body"] and server.count("PATCH", r"/comments/") == 1
        assert len(gh.comments) == PAGE + 5 + 1
    assert gh.auth == {f"Bearer {TOKEN}"}
    for r in (first, again, over):
        assert TOKEN not in r.stdout + r.stderr
    assert "llmkit cost estimate" in (tmp_path / "summary.md").read_text()


def test_recipe_stops_on_bad_input_without_commenting(tmp_path):
    with ReplayServer() as server:
        gh = FakeGitHub(server)
        r = _run(tmp_path, server.url, HEAD_PREVIEW=str(tmp_path / "missing.json"))
        assert r.returncode == 2 and "not found" in r.stderr
        assert gh.comments == [] and server.requests == []


def test_workflow_and_action_wire_the_recipe():
    flow = yaml.safe_load(WORKFLOW.read_text())
    assert flow[True] == {"pull_request": None} or "pull_request" in flow[True]  # `on:` parses as True in YAML 1.1
    assert flow["permissions"]["pull-requests"] == "write"
    steps = flow["jobs"]["cost"]["steps"]
    text = WORKFLOW.read_text()
    assert "pulumi preview --json" in text and "github.event.pull_request.base.sha" in text
    (uses,) = [s for s in steps if s.get("uses", "").endswith(".github/actions/llmkit-cost")]
    assert set(uses["with"]) >= {"head-preview", "base-preview", "budget"}
    action = yaml.safe_load((ACTION / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    (step,) = action["runs"]["steps"]
    assert step["run"].endswith("/run.sh") and os.access(ACTION / "run.sh", os.X_OK)
    assert {"HEAD_PREVIEW", "BASE_PREVIEW", "BUDGET", "PR_NUMBER", "GITHUB_TOKEN"} <= set(step["env"])


def test_upsert_sends_create_then_patch_requests():
    """The request the step would send, without a server: list, then POST; with ours, PATCH."""
    sent: list[ApiRequest] = []
    comments: list[dict] = []

    def send(req: ApiRequest):
        sent.append(req)
        if req.method == "GET":
            return comments
        return {"id": 9, "html_url": "x"}

    out = upsert_comment("acme/infra", 7, "hello", send, api="https://ghe.example/api/v3/")
    assert out.action == "created"
    assert [r.method for r in sent] == ["GET", "POST"]
    assert sent[0].url == "https://ghe.example/api/v3/repos/acme/infra/issues/7/comments?per_page=100&page=1"
    assert sent[1].body == {"body": "hello\n\n" + marker() + "\n"}
    comments.append({"id": 9, "body": "old\n" + marker()})
    sent.clear()
    assert upsert_comment("acme/infra", 7, "hello", send, api="https://ghe.example/api/v3").action == "updated"
    assert sent[-1].method == "PATCH" and sent[-1].url.endswith("/repos/acme/infra/issues/comments/9")


@pytest.mark.parametrize("repo,pr", [("not a repo", 7), ("acme/infra", 0), ("../x/y", 7)])
def test_upsert_rejects_bad_targets(repo, pr):
    with pytest.raises(UserError):
        upsert_comment(repo, pr, "b", lambda r: [], api="http://127.0.0.1:1")


def test_comment_cli_dry_run_and_missing_token(cli, tmp_path, monkeypatch):
    body = tmp_path / "c.md"
    body.write_text("## cost\n")
    r = cli("comment", "github", "--repo", "acme/infra", "--pull-request", "3", "--body-file", str(body), "--dry-run", "--tag", "prod")
    assert r.code == 0 and r.out == "## cost\n\n" + marker("prod") + "\n"
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    r = cli("comment", "github", "--repo", "acme/infra", "--pull-request", "3", "--body-file", str(body))
    assert r.code == 2 and "GITHUB_TOKEN" in r.err
