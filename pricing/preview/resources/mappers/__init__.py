"""Mappers, the first layer of a two-layer pricer: ``(ctx) -> typed model`` functions that read
a resource's Pulumi inputs (camelCase, as in ``pulumi preview --json``), apply the provider's
defaults, resolve references to other planned resources, and return one of the dataclasses in
``models/``. Unknown inputs raise ``UnknownInput``; a mapper never prices anything.
"""
