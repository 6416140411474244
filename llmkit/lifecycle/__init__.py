"""Deploy and tear down: Pulumi Automation API orchestration and expiring test stacks."""
