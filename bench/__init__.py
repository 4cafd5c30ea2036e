"""Benchmarks: each module prints its headline figures last, as `name: value` lines."""
