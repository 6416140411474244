"""Options of the guide's cost-framework commands (estimate, compare, capacity, report), defined
once so their help texts and defaults stay the same in all of them."""

from __future__ import annotations

from llmkit.commands._parser import Opt
from llmkit.core.clouds import DEFAULT_CLOUD, DEPLOYABLE, by_cloud

USERS = Opt(("--users", "-u"), "Users (default 100, the guide's example).", type=int)
QPD = Opt(("--queries-per-user-per-day",), "Queries per user per day (default 20).", type=float)
INPUT = Opt(("--input-tokens",), "Input tokens per query (default 500).", type=int)
OUTPUT = Opt(("--output-tokens",), "Output tokens per query (default 300).", type=int)
ACTIVE = Opt(("--active-hours",), "Busy hours per day the queries fall in (default 8).", type=float)
PEAK = Opt(("--peak-to-average",), "Peak over average rate in the busy hours (default 2).", type=float)
CACHE = Opt(("--cache-hit-rate",), "Cache hit rate 0..1 (API: prompt cache; self-hosted: response cache).", type=float)
CONTEXT = Opt(("--max-context-tokens",), "Trim each query's input to this many tokens.", type=int)
CLOUD = Opt(("--cloud",), " | ".join(DEPLOYABLE) + ".", default=DEFAULT_CLOUD)
REGION = Opt(("--region",), f"Region (default: {' / '.join(by_cloud('default_region').values())}).")
PRICING = Opt(("--pricing",), "on-demand | spot | reserved-1y | reserved-3y.", default="on-demand")
PROFILE = Opt(("--profile",), "default (catalog prices) | guide (the guide's own figures).", default="default")
SCENARIO = Opt(("--scenario",), "startup-mvp | healthcare | enterprise-support (sets users and models).")
DTYPE = Opt(("--dtype",), "fp16 | bf16 | fp8 | int8 | int4 (default: bf16/fp16, smaller only if needed).")
GPU = Opt(("--gpu",), "Only instance types with this GPU (T4, A10G, L4, L40S, A100-80GB, H100-80GB...).")
INSTANCE = Opt(("--instance-type",), "Use this GPU instance type.")
REPLICAS = Opt(("--replicas",), "GPU replicas (default: sized for the peak, N+1).", type=int)
LOCAL_SHARE = Opt(("--local-share",), "Hybrid: percent of queries on the local model (default 80).", type=float)
NO_BATCH = Opt(("--no-batching",), "Lever: one sequence per replica (no continuous batching).", kind="flag")
APP_TIER = Opt(("--app-tier",), "API tier: guide ($300 + $200 flat, the default) | instances (priced servers) | stack (what the api reference stack deploys: + vector DB and NAT; a scenario's default).")
DEVOPS = Opt(("--devops",), "DevOps cost per month (default $500).", type=float)
ONCALL = Opt(("--on-call",), "On-call cost per month (default $200).", type=float)
MAINT = Opt(("--maintenance",), "Maintenance cost per month (default $100).", type=float)
SETUP = Opt(("--setup-cost",), "One-time setup cost, spread over --horizon-months.", type=float)
HORIZON = Opt(("--horizon-months",), "Months the setup cost is spread over (default 36).", default=36, type=int)

# compare and report: the user counts, the approaches and the decision tree's questions
COMPARE_USERS = Opt(("--users", "-u"), "User counts: 10,50,100 or a range 10-1000:10.", default="10,50,100,500,1000")
APPROACHES = Opt(("--approaches",), "Comma list: api:gpt-4,api:gpt-3.5-turbo,self-hosted:mistral-7b,hybrid:mistral-7b+gpt-4,tiers (the default is the guide's four).")
PRIVACY = Opt(("--privacy-critical",), "Decision tree: data privacy is critical.", kind="flag")
TIMELINE = Opt(("--timeline-months",), "Decision tree: project timeline.", default=12, type=int)
QUALITY = Opt(("--quality",), "Decision tree: best | very-good | good-enough.", default="very-good")
TEAM = Opt(("--team",), "Decision tree: ML expertise none | some | strong.", default="some")
# "budget" is US dollars everywhere else (--budget of price / preview / up): the tree's answer is a level
BUDGET_LEVEL = Opt(("--budget-level",), "Decision tree: budget constraints limited | invest | very-limited.", default="invest")
WEIGHTS = Opt(("--weights",), "Scoring matrix weights in percent, e.g. data_privacy=30,quality_needs=20.")

#: The workload a compare or report runs over (their options in one list, in help order).
COMPARE_OPTIONS = (
    COMPARE_USERS, APPROACHES, QPD, INPUT, OUTPUT, ACTIVE, PEAK, CACHE, CONTEXT, CLOUD, REGION, PRICING,
    PROFILE, LOCAL_SHARE, APP_TIER, PRIVACY, TIMELINE, QUALITY, TEAM, BUDGET_LEVEL, WEIGHTS,
)
