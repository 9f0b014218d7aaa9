"""The case (민원) as the law and the outbox see it, with no storage and no Qt: its states and who
may move it (states.py), the fields every case must have (fields.py), the typed views of one case
for screens, the wire and printing (read_models.py), and the extension rules of 시행령 제21조
(extensions.py). Intake, documents, sync, the CLI and the GUI all read these, never copies."""
