"""Cost models, the second layer of a two-layer pricer: typed resource models (dataclasses,
built by ``mappers/``) with a ``cost(prices)`` method that returns cost lines.

A cost model never reads Pulumi inputs; it reads only its own fields, catalog rows and usage
through the ``PriceContext`` it is given, so the same model can price a resource described
some other way (a sweep of live resources, a self-hosted estimate). ``USAGE`` declares the
usage keys a model reads; ``REGIONAL = False`` marks a global service.
"""
