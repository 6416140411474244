"""The llmkit cost policy pack: `pulumi preview --policy-pack policies` fails over budget.

Only builds the PolicyPack (which starts a server and blocks); the rules are in cost_rules.py.
It runs in the project's virtualenv, where requirements.txt installed llmkit.
"""

from pulumi_policy import PolicyPack

from llmkit.policies.cost_rules import policies  # the installed project (requirements.txt)

PolicyPack(name="llmkit-cost-guardrails", policies=policies())
