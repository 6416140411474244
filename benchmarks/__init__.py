"""Speed and memory benchmarks (whole processes, against a same-run baseline)."""
