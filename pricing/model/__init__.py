"""The cost models of the guide: workload, token costs, GPU capacity, self-hosted and hybrid
cost, TCO, break-even, the decision matrix. Pure functions over the catalog: they return data,
never render, and never import a Pulumi provider SDK."""
