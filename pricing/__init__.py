"""The cost core of llmkit: catalog, workload and capacity models, cost models, plan readers,
resource pricers and reports. It never imports a Pulumi provider SDK (they cost seconds and
hundreds of MB), so estimates and preview pricing stay fast and work without any cloud account.
"""
