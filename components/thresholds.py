"""The guide's scaling and alerting thresholds, written once for all three clouds.

Every cloud's autoscaling and monitoring resources read these numbers from here (never a
literal of their own), and tests/test_thresholds.py reads each cloud's plan back and compares
every threshold with this one spec. Sources (the guide, /docs/guide):
- section 11 "Use Auto-Scaling": min_instances 2, max_instances 10, scale up at 75 % GPU
  utilisation, scale down at 30 %;
- section 11 "Alert Thresholds": cost per query > $0.05, GPU utilisation > 85 % (scale up),
  GPU utilisation < 30 % for 2 h (scale down), error rate > 1 %, API rate limit > 80 %;
- section 11 "Key Metrics": response time and cache hit rate are tracked (metrics, no threshold);
- section 8 "Horizontal Scaling": GPU instances by active users (the default maximum).

Pure Python: no Pulumi, no provider SDK.
"""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal


@dataclasses.dataclass(frozen=True)
class Thresholds:
    """What every cloud scales and alerts on. Percentages are 0-100."""

    scale_out_pct: int = 75  # GPU (or router CPU) utilisation above which one instance is added
    scale_in_pct: int = 30  # utilisation below which one instance is removed ...
    scale_in_sustain_s: int = 2 * 3600  # ... once it has stayed there this long (the guide's 2 h)
    scale_out_sustain_s: int = 120  # scale out fast: two one-minute samples above the line
    min_instances: int = 2  # the guide's min_instances (one zone can fail); fewer only if desired is 1
    gpu_alert_pct: int = 85  # GPU utilisation alert: the fleet is at its ceiling
    gpu_alert_sustain_s: int = 600
    error_rate_pct: Decimal = Decimal(1)  # 5xx responses over requests
    error_rate_window_s: int = 300
    cost_per_query_usd: Decimal = Decimal("0.05")  # server cost (catalog price x instances) over requests
    cost_per_query_window_s: int = 3600  # hourly: price x instances in service / requests in the hour
    rate_limit_use_pct: int = 80  # hosted-API quota use (router's rate-limit headroom)
    rate_limit_window_s: int = 300  # sustained five one-minute samples (a single burst is not a tier problem)
    latency_percentile: str = "p95"  # response time metric every cloud records (no guide threshold)
    latency_alert_s: int = 30  # p95 above this: streaming answers stalled (kit choice, not the guide's)


GUIDE = Thresholds()

# Section 8: (most users, GPU instances). Above the last row: one more instance per 100 users.
HORIZONTAL_SCALING: tuple[tuple[int, int], ...] = ((50, 1), (150, 2), (300, 3), (500, 5), (1000, 10))


def guide_max_instances(users: int) -> int:
    """The guide's horizontal-scaling table: the most GPU instances ``users`` call for (the upper
    end of a range, 10 at 500-1000 users), the default maximum of an autoscaled fleet."""
    for most_users, instances in HORIZONTAL_SCALING:
        if users <= most_users:
            return instances
    return math.ceil(users / 100)


def scale_in_periods(period_s: int, limit: int | None = None) -> int:
    """How many ``period_s`` samples make the sustained scale-in window (capped by ``limit``
    where a cloud bounds the evaluation count)."""
    periods = max(1, GUIDE.scale_in_sustain_s // period_s)
    return min(periods, limit) if limit is not None else periods
