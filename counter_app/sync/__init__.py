"""Supervisor sync (issue 10): every queued case reaches the recovered system exactly once.

- server.py      the rehearsal Intake API v1 server (contracts.md §2) with switchable faults
- intake_api.py  the Intake API v1 client over counter_app/net (THE HTTP module)
- lease.py       one sync worker per data directory (a lease row that expires)
- engine.py      the engine: attempt marked durably before sending, outcomes by the error taxonomy
- service.py     what the CLI and the GUI call (status, runs, console actions)
"""
