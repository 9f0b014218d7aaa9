"""Talking to other machines, Qt-free: the one HTTP module (http.py) the status fetcher and the
coming sync (Intake API v1, Open311) share, and its error taxonomy (errors.py, importable without
loading `requests`)."""
