"""Post or update ONE llmkit comment on a GitHub pull request (Infracost's
``infracost comment github --behavior update``).

The comment carries a hidden marker (``<!-- llmkit-cost-comment[:tag] -->``); the pull
request's comments are listed page by page, the newest comment with our marker is edited in
place (not at all when its body is already the same, so a re-run does not notify anyone), and
a new comment is created only when none exists. REST API only, through the standard library:
no ``gh`` binary is needed, and ``GITHUB_API_URL`` (set by GitHub Actions, and GitHub
Enterprise's own) chooses the server, which is how the tests point it at 127.0.0.1.

The token is sent only in the Authorization header; it never appears in messages or errors.
"""

from __future__ import annotations

import dataclasses
import json
import re
import urllib.error
import urllib.request
from typing import Any, Callable, Optional

from llmkit.core.errors import UserError

DEFAULT_API = "https://api.github.com"
PAGE = 100
MAX_PAGES = 50  # 5,000 comments: far beyond any real pull request
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_TAG = re.compile(r"^[A-Za-z0-9_.:/-]{1,100}$")


def marker(tag: str = "") -> str:
    """The hidden line that identifies our comment (one per tag, e.g. per stack)."""
    return f"<!-- llmkit-cost-comment{':' + tag if tag else ''} -->"


@dataclasses.dataclass(frozen=True)
class Request:
    """One HTTP request, as it would be sent (the tests can check it without a server)."""

    method: str
    url: str
    body: Optional[dict[str, Any]] = None


@dataclasses.dataclass(frozen=True)
class Outcome:
    action: str  # "created", "updated" or "unchanged"
    comment_id: int
    url: str


Send = Callable[[Request], Any]


def http_sender(token: str, timeout: float = 30.0) -> Send:
    """Send a Request to the GitHub REST API and return its decoded JSON."""

    def send(req: Request) -> Any:
        data = None if req.body is None else json.dumps(req.body).encode("utf-8")
        r = urllib.request.Request(req.url, data=data, method=req.method)
        r.add_header("Accept", "application/vnd.github+json")
        r.add_header("X-GitHub-Api-Version", "2022-11-28")
        r.add_header("User-Agent", "llmkit-cost-comment")
        if token:
            r.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            r.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(r, timeout=timeout) as resp:  # noqa: S310 - an https (or test) URL we built
                text = resp.read()
        except urllib.error.HTTPError as exc:
            raise UserError(f"GitHub API: {req.method} {_path(req.url)} answered HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise UserError(f"GitHub API unreachable ({type(reason).__name__})") from None
        return json.loads(text) if text else None

    return send


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]


def with_marker(body: str, tag: str = "") -> str:
    mark = marker(tag)
    return body if mark in body else body.rstrip("\n") + "\n\n" + mark + "\n"


def upsert_comment(repo: str, pull_request: int, body: str, send: Send, *, api: str = DEFAULT_API, tag: str = "") -> Outcome:
    """Create or update the one llmkit comment on ``repo``'s pull request."""
    if not _REPO.match(repo):
        raise UserError("--repo must be OWNER/NAME")
    if pull_request <= 0:
        raise UserError("--pull-request must be a positive number")
    if tag and not _TAG.match(tag):
        raise UserError("--tag may hold letters, digits and . _ : / - (at most 100)")
    api = api.rstrip("/")
    mark = marker(tag)
    body = with_marker(body, tag)
    found: Optional[dict[str, Any]] = None
    for page in range(1, MAX_PAGES + 1):
        batch = send(Request("GET", f"{api}/repos/{repo}/issues/{pull_request}/comments?per_page={PAGE}&page={page}"))
        if not isinstance(batch, list):
            raise UserError("GitHub API: the comment listing is not a list")
        for c in batch:
            if isinstance(c, dict) and mark in str(c.get("body") or ""):
                found = c  # the last one wins: the newest of ours
        if len(batch) < PAGE:
            break
    if found is not None:
        cid = int(found["id"])
        if found.get("body") == body:
            return Outcome("unchanged", cid, str(found.get("html_url") or ""))
        done = send(Request("PATCH", f"{api}/repos/{repo}/issues/comments/{cid}", {"body": body}))
        return Outcome("updated", cid, str((done or {}).get("html_url") or ""))
    done = send(Request("POST", f"{api}/repos/{repo}/issues/{pull_request}/comments", {"body": body}))
    return Outcome("created", int((done or {}).get("id") or 0), str((done or {}).get("html_url") or ""))
