"""Benchmarks: standalone scripts that print figures and ratios against a baseline measured in
the same run (see bench/README.md). They are not tests and assert no timings."""
