"""Options of the guide's cost-framework commands (estimate, compare, capacity), defined once so
their help texts and defaults stay the same in all three."""

from __future__ import annotations

import typer

from llmkit.core.clouds import DEFAULT_CLOUD, DEPLOYABLE, by_cloud

USERS = typer.Option(None, "--users", "-u", help="Users (default 100, the guide's example).")
QPD = typer.Option(None, "--queries-per-user-per-day", help="Queries per user per day (default 20).")
INPUT = typer.Option(None, "--input-tokens", help="Input tokens per query (default 500).")
OUTPUT = typer.Option(None, "--output-tokens", help="Output tokens per query (default 300).")
ACTIVE = typer.Option(None, "--active-hours", help="Busy hours per day the queries fall in (default 8).")
PEAK = typer.Option(None, "--peak-to-average", help="Peak over average rate in the busy hours (default 2).")
CACHE = typer.Option(None, "--cache-hit-rate", help="Cache hit rate 0..1 (API: prompt cache; self-hosted: response cache).")
CONTEXT = typer.Option(None, "--max-context-tokens", help="Trim each query's input to this many tokens.")
CLOUD = typer.Option(DEFAULT_CLOUD, "--cloud", help=" | ".join(DEPLOYABLE) + ".")
REGION = typer.Option(None, "--region", help=f"Region (default: {' / '.join(by_cloud('default_region').values())}).")
PRICING = typer.Option("on-demand", "--pricing", help="on-demand | spot | reserved-1y | reserved-3y.")
PROFILE = typer.Option("default", "--profile", help="default (catalog prices) | guide (the guide's own figures).")
SCENARIO = typer.Option(None, "--scenario", help="startup-mvp | healthcare | enterprise-support (sets users and models).")
DTYPE = typer.Option(None, "--dtype", help="fp16 | bf16 | fp8 | int8 | int4 (default: bf16/fp16, smaller only if needed).")
GPU = typer.Option(None, "--gpu", help="Only instance types with this GPU (T4, A10G, L4, L40S, A100-80GB, H100-80GB...).")
INSTANCE = typer.Option(None, "--instance-type", help="Use this GPU instance type.")
REPLICAS = typer.Option(None, "--replicas", help="GPU replicas (default: sized for the peak, N+1).")
LOCAL_SHARE = typer.Option(None, "--local-share", help="Hybrid: percent of queries on the local model (default 80).")
NO_BATCH = typer.Option(False, "--no-batching", help="Lever: one sequence per replica (no continuous batching).")
APP_TIER = typer.Option(None, "--app-tier", help="API tier: guide ($300 + $200 flat, the default) | instances (priced servers) | stack (what the api reference stack deploys: + vector DB and NAT; a scenario's default).")
DEVOPS = typer.Option(None, "--devops", help="DevOps cost per month (default $500).")
ONCALL = typer.Option(None, "--on-call", help="On-call cost per month (default $200).")
MAINT = typer.Option(None, "--maintenance", help="Maintenance cost per month (default $100).")
SETUP = typer.Option(None, "--setup-cost", help="One-time setup cost, spread over --horizon-months.")
HORIZON = typer.Option(36, "--horizon-months", help="Months the setup cost is spread over (default 36).")

# compare and report: the user counts, the approaches and the decision tree's questions
COMPARE_USERS = typer.Option("10,50,100,500,1000", "--users", "-u", help="User counts: 10,50,100 or a range 10-1000:10.")
APPROACHES = typer.Option(None, "--approaches", help="Comma list: api:gpt-4,api:gpt-3.5-turbo,self-hosted:mistral-7b,hybrid:mistral-7b+gpt-4,tiers (the default is the guide's four).")
PRIVACY = typer.Option(False, "--privacy-critical", help="Decision tree: data privacy is critical.")
TIMELINE = typer.Option(12, "--timeline-months", help="Decision tree: project timeline.")
QUALITY = typer.Option("very-good", "--quality", help="Decision tree: best | very-good | good-enough.")
TEAM = typer.Option("some", "--team", help="Decision tree: ML expertise none | some | strong.")
# "budget" is US dollars everywhere else (--budget of price / preview / up): the tree's answer is a level
BUDGET_LEVEL = typer.Option("invest", "--budget-level", help="Decision tree: budget constraints limited | invest | very-limited.")
WEIGHTS = typer.Option(None, "--weights", help="Scoring matrix weights in percent, e.g. data_privacy=30,quality_needs=20.")
