"""Pricing planned changes: the one plan reader (preview JSON, engine events, offline runs),
per-type pricers, usage values, the breakdown into honest buckets, the Infracost JSON writer.
Pure: it returns data and never renders; the CLI's views do that."""
