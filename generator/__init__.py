"""Follow-Through: a job-search pipeline kept as YAML, turned into a follow-up dashboard."""

__version__ = "0.1.0"
