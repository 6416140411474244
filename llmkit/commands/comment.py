"""CLI ``comment github``: post or update the one llmkit cost comment on a pull request."""

from __future__ import annotations

import os
import sys
from typing import Any, Optional

from llmkit.commands._parser import Opt, command, group, path

HELP = "Post the cost report on a pull request as one comment, updated in place on every run."
OPTIONS = (
    Opt(("--repo",), "OWNER/NAME (in Actions: ${{ github.repository }}).", required=True),
    Opt(("--pull-request",), "Pull request number.", type=int, required=True),
    Opt(("--body-file",), "The comment (Markdown), e.g. from `price -f markdown`; - for stdin.", type=path, required=True, metavar="PATH"),
    Opt(("--tag",), "Keep one comment per tag (e.g. per stack) instead of one per pull request.", default=""),
    Opt(("--api-url",), "GitHub API root. Default: $GITHUB_API_URL, else https://api.github.com."),
    Opt(("--dry-run",), "Print the comment (with its marker) instead of posting it.", kind="flag"),
)


def register(subparsers: Any) -> None:
    """Add ``llmkit comment github`` to the root parser."""
    subs = group(subparsers, "comment", HELP)
    command(subs, "github", github, OPTIONS,
            help="Create or update one marked comment (token from $GITHUB_TOKEN, never a flag).")


def github(repo: str, pull_request: int, body_file: Any, tag: str, api_url: Optional[str], dry_run: bool) -> None:
    """Create or update one marked comment (token from $GITHUB_TOKEN, never a flag)."""
    from llmkit.ci.github_comment import DEFAULT_API, http_sender, upsert_comment, with_marker
    from llmkit.core.errors import UserError

    if str(body_file) == "-":
        body = sys.stdin.read()
    elif body_file.is_file():
        body = body_file.read_text(encoding="utf-8")
    else:
        raise UserError(f"--body-file not found: {body_file}")
    if dry_run:
        sys.stdout.write(with_marker(body, tag))
        return
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        raise UserError("GITHUB_TOKEN is not set (in Actions: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }})")
    api = api_url or os.environ.get("GITHUB_API_URL") or DEFAULT_API
    out = upsert_comment(repo, pull_request, body, http_sender(token), api=api, tag=tag)
    sys.stderr.write(f"comment {out.action}: {out.url or out.comment_id}\n")

