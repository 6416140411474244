"""The bottom layer: what every other layer may import and what imports nothing of ours.

Errors that map to exit codes, money and units, file writing that never leaves half a file.
``llmkit.pricing``, ``llmkit.components`` and the CLI all build on it; it builds on nothing
(an import-lint test keeps it so).
"""
