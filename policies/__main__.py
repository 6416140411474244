"""The llmkit cost policy pack: `pulumi preview --policy-pack policies` fails over budget.

Only builds the PolicyPack (which starts a server and blocks); the rules are in cost_rules.py.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the repo root: pricing/

from pulumi_policy import PolicyPack  # noqa: E402

from llmkit.policies.cost_rules import policies  # noqa: E402

PolicyPack(name="llmkit-cost-guardrails", policies=policies())
