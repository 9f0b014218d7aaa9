"""Service status board, Qt-free: source adapters, fetching with limits, the SQLite cache, merging.

Layout:
- model.py      normalised dataclasses, statuses, time and text helpers, FeedError
- fetch.py      HTTP/file fetching with size cap, timeouts and an overall deadline
- adapters/     native feed, Atlassian Statuspage v2, Cachet v1 -> SourceSnapshot
- cache.py      status_snapshots / status_notes store (run-length deduplicated fetch log)
- bundled.py    the shipped 2025 historical snapshot
- service.py    StatusService (board, refresh, history, notes, snapshot files), next_poll_delay
The GUI (counter_app/ui/status_page) only renders StatusService.board().
"""
