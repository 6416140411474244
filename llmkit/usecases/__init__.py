"""Use cases: what each command does, between parsing its options and rendering its result.

A command module (``llmkit.commands``) parses options, calls one function here and hands the
returned data to a view (``llmkit.views``) or ``llmkit.output.emit``. Keeping the work here lets
several entry points share it (``price``, ``preview``, ``up`` and the policy pack price a plan
the same way) and keeps every command file short.
"""
