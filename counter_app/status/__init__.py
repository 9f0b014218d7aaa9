"""Service status board, Qt-free: source adapters, fetching with limits, the SQLite cache, merging.

Layout:
- vocabulary.py the shared words: statuses and their order, "restored", labels (CLI and GUI)
- model.py      the normalised feed model the adapters produce, time and text helpers, FeedError
- fetch.py      a source's JSON document from a URL (through counter_app/net/http.py: deadline,
                decoding under the cap, redirects) or a regular file
- adapters/     native feed, Atlassian Statuspage v2, Cachet v1 -> SourceSnapshot
- cache.py      status_snapshots / status_notes store (run-length deduplicated fetch log)
- bundled.py    the shipped 2025 historical snapshot
- board.py      the typed, frozen Board and to_json() (the `status --json` document)
- service.py    StatusService (board, refresh, history, notes, snapshot files), next_poll_delay
The GUI (counter_app/ui/status_page) only renders the Board that StatusService.board() builds.
"""
