"""CLI ``comment github``: post or update the one llmkit cost comment on a pull request."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

comment_app = typer.Typer(
    help="Post the cost report on a pull request as one comment, updated in place on every run.",
    no_args_is_help=True,
)


@comment_app.command("github")
def github(
    repo: str = typer.Option(..., "--repo", help="OWNER/NAME (in Actions: ${{ github.repository }})."),
    pull_request: int = typer.Option(..., "--pull-request", help="Pull request number."),
    body_file: Path = typer.Option(..., "--body-file", help="The comment (Markdown), e.g. from `price -f markdown`; - for stdin."),
    tag: str = typer.Option("", "--tag", help="Keep one comment per tag (e.g. per stack) instead of one per pull request."),
    api_url: Optional[str] = typer.Option(None, "--api-url", help="GitHub API root. Default: $GITHUB_API_URL, else https://api.github.com."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the comment (with its marker) instead of posting it."),
) -> None:
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


def register(app: typer.Typer) -> None:
    app.add_typer(comment_app, name="comment")
