"""The coach: training load, readiness, progression, substitution and season plans.

Pure: typed runs, log entries and plans in, judgements out; no web framework, database or
asyncio. The API, the CLI and the phone only carry what these functions return.
"""
