"""Units every layer counts in, written once.

A month is 730 hours for anything billed by the hour (instances, disks, load balancers: the
hourly price x 730 convention of AWS, Azure and GCP calculators, and the guide's) and 30 days
for request volume (as the guide counts queries). Decimal, so money stays exact.
"""

from __future__ import annotations

from decimal import Decimal

HOURS_PER_MONTH = Decimal(730)
DAYS_PER_MONTH = 30
