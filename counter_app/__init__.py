"""counter_app: counter-side continuity for Korean district offices during central-system outages."""

__version__ = "0.1.0"
