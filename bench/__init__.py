"""Benchmark harness for CCM Tracker (see bench/run.py and docs/benchmarks.md)."""
