"""The Examples section of every command's --help, in one place.

Why one table instead of an epilog per command: a command added without examples shows up in
``tests/test_cli_basics.py`` (which walks every command's help), and the first line of
``plan`` / ``preview`` / ``price`` / ``prices`` says how each differs from the other three, which
only reads consistently when the four are written side by side.
"""

from __future__ import annotations

from typing import Any

# How the four easily-confused commands differ (first line of each one's examples).
DIFFERS = {
    "plan": "plan = the resources a kit stack would create, as a preview document (no prices); price it with `price`.",
    "preview": "preview = plan + price in one step, for a kit stack (stacks/Pulumi.<NAME>.yaml).",
    "price": "price = the cost of ANY Pulumi project's `pulumi preview --json` document (yours, or `plan --out`).",
    "prices": "prices = look up catalog prices (instances, GPUs, LLM tokens); nothing is planned or priced as a whole.",
}

EXAMPLES: dict[str, list[str]] = {
    "estimate": [
        "llmkit estimate --approach api --model gpt-4 --profile guide",
        "llmkit estimate --approach self-hosted --model mistral-7b --users 500 --cloud gcp",
        "llmkit estimate --scenario enterprise-support --format json",
    ],
    "compare": [
        "llmkit compare --users 10,50,100,500,1000",
        "llmkit compare --users 10-1000:10 --format json > scaling.json",
        "llmkit compare --approaches api:gpt-4,self-hosted:llama-3.1-8b --budget-level limited",
    ],
    "capacity": [
        "llmkit capacity --model llama-3.1-70b --gpu A100-80GB --gpus 4",
        "llmkit capacity --users 1000 --model llama-3.1-8b --cloud aws --format json",
    ],
    "plan": [DIFFERS["plan"],
             "llmkit plan --stack gpu-aws --out plan.json && llmkit price plan.json",
             "llmkit plan --stack api-gcp --set users=500 --format json"],
    "price": [DIFFERS["price"],
              "pulumi preview --json > plan.json && llmkit price plan.json",
              "llmkit price plan.json --compare-to base.json --format markdown --budget 2000",
              "llmkit price - --format json < plan.json > costs.json"],
    "preview": [DIFFERS["preview"],
                "llmkit preview --stack gpu-aws",
                "llmkit preview --stack api-gcp --pricing spot --format html > cost.html",
                "llmkit preview --stack gpu-aws --engine --budget 1500"],
    "up": ["llmkit up --stack gpu-aws --budget 2000", "llmkit up --stack test-gpu --ttl 8h --yes"],
    "destroy": ["llmkit destroy --stack test-gpu", "llmkit destroy --expired --yes"],
    "sweep": ["llmkit sweep --cloud aws --expired", "llmkit sweep --cloud gcp --older-than 2d --delete --yes"],
    "report": [
        "llmkit report --users 10,50,100,500,1000 --out report.html",
        "llmkit report --cloud gcp --focus-users 500 --out gcp.html",
        "llmkit report --format json > report.json",
    ],
    "prices list": [DIFFERS["prices"], "llmkit prices list --cloud aws --gpu A10G", "llmkit prices list --llm"],
    "prices show": [DIFFERS["prices"],
                    "llmkit prices show --cloud azure --region eastus --type Standard_NC4as_T4_v3",
                    "llmkit prices show --llm claude-3-opus --format json"],
    "prices models": [DIFFERS["prices"], "llmkit prices models", "llmkit prices models --format json"],
    "prices refresh": [DIFFERS["prices"], "llmkit prices refresh --cloud aws --region eu-central-1",
                       "llmkit prices refresh --service llm"],
    "comment github": [
        "llmkit price plan.json --compare-to base.json -f markdown > comment.md",
        "GITHUB_TOKEN=... llmkit comment github --repo acme/infra --pull-request 42 --body-file comment.md",
    ],
}


def epilog(lines: list[str]) -> str:
    """The help's last section: one example per line, kept as written (``_parser.HelpFormatter``)."""
    return "Examples:\n" + "\n".join("  " + line for line in lines)


def attach(root: Any) -> None:
    """Give every command under the root parser its Examples epilog (one it already has is kept)."""
    from llmkit.commands._parser import leaves

    for path, parser in leaves(root):
        key = " ".join(path)
        if not parser.epilog and key in EXAMPLES:
            parser.epilog = epilog(EXAMPLES[key])
