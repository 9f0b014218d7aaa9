"""Subcommands of counter-app, one module per area; each exposes register(subparsers)."""
