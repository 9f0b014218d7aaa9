"""Benchmark: the status feed server under 600 polling counters, and publishing a 709-system board.

1. `serve status-feed` (counter_app/status/publish_server.py) and, as the baseline, Python's own
   `http.server` (nginx where installed) serve the same published folder, each in its own
   process. 600 client threads on loopback each poll feed.json `POLLS` times with If-None-Match
   (the ETag from their first answer), each on one connection it re-opens when the server
   closes it; bounded by a deadline. Measured per server: requests per second, p99 latency,
   errors. The ratio is ours / baseline throughput (aim >= 0.5, 0 errors).
2. Publishing a 709-system board as `status publish` does it: the parser check, the bytes, the
   ES256 detached JWS and the two atomic renames (status/publish.py), against the plain json.dump
   of the same document to a file (the baseline; median of 5 each); and the whole JSON Schema check
   a desk start pays once.
Prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "gui"))

CLIENTS = 600
POLLS = 10
DEADLINE_S = 60.0
SYSTEMS = 709


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_listening(port: int, proc: subprocess.Popen) -> None:
    end = time.monotonic() + 20
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError("server exited")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not start")


def _signer():
    from counter_app import pki
    from counter_app.pki import TerminalSigner

    now = dt.datetime.now(dt.UTC)
    root_key, root = pki.create_root("2611051000", "부산광역시 중구 중앙동 행정복지센터", now)
    key = pki.generate_key()
    cert = pki.issue_terminal_certificate(root_key, root, "T1", key.public_key(), now)
    return TerminalSigner(key, cert, root)


def _document() -> dict:
    from status_helpers import synthetic_feed

    from counter_app.status.adapters.native import parse_native, to_native

    doc = to_native(parse_native(synthetic_feed(SYSTEMS), "bench"))  # normalised, as the desk keeps it
    for system in doc["systems"]:  # the GUI helper's guide ids predate the proc. prefix of the schema
        for alt in system.get("alternatives", []):
            if "procedure_id" in alt and not alt["procedure_id"].startswith("proc."):
                alt["procedure_id"] = "proc." + alt["procedure_id"]
        system["procedure_ids"] = [p if p.startswith("proc.") else "proc." + p for p in system.get("procedure_ids", [])]
        if not system["procedure_ids"]:
            del system["procedure_ids"]
    return doc


def bench_publish(doc: dict, signer, out: Path) -> dict:
    from counter_app.status.desk import check_document
    from counter_app.status.publish import feed_bytes, sign_detached, write_pair

    ours, base, full = [], [], []
    for _ in range(5):
        t0 = time.perf_counter()
        check_document(doc)  # the whole JSON Schema: what `status desk start` pays once
        full.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        check_document(doc, set())  # as Publisher.publish: the parser on every system, the schema on the rest
        payload = feed_bytes(doc)
        write_pair(out, payload, sign_detached(payload, signer))
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        with open(out / "plain.json", "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False)
        base.append(time.perf_counter() - t0)
    (out / "plain.json").unlink()
    return {
        "publish_ms": round(statistics.median(ours) * 1000, 1),
        "plain_dump_ms": round(statistics.median(base) * 1000, 1),
        "full_schema_check_ms": round(statistics.median(full) * 1000, 1),
        "publish_ratio": round(statistics.median(ours) / statistics.median(base), 2),
        "feed_bytes": (out / "feed.json").stat().st_size,
    }


def _client(port: int, latencies: list, errors: list, stop_at: float, start: threading.Barrier) -> None:
    conn = None
    etag = None
    try:
        start.wait(timeout=30)
    except threading.BrokenBarrierError:
        pass
    for _ in range(POLLS):
        if time.monotonic() > stop_at:
            break
        headers = {"If-None-Match": etag} if etag else {}
        t0 = time.perf_counter()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            conn.request("GET", "/feed.json", headers=headers)
            resp = conn.getresponse()
            resp.read()
            if resp.status not in (200, 304):
                errors.append(resp.status)
            etag = resp.getheader("ETag") or etag
            if resp.getheader("Connection", "").lower() == "close" or resp.version == 10:
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as exc:
            errors.append(type(exc).__name__)
            if conn is not None:
                conn.close()
            conn = None
            continue
        latencies.append(time.perf_counter() - t0)
    if conn is not None:
        conn.close()


def load(port: int) -> dict:
    latencies: list[float] = []
    errors: list = []
    start = threading.Barrier(CLIENTS + 1)
    stop_at = time.monotonic() + DEADLINE_S
    threading.stack_size(256 * 1024)
    threads = [
        threading.Thread(target=_client, args=(port, latencies, errors, stop_at, start), daemon=True)
        for _ in range(CLIENTS)
    ]
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    start.wait(timeout=30)
    for t in threads:
        t.join(DEADLINE_S + 30)
    elapsed = time.perf_counter() - t0
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "p99_ms": round(_percentile(latencies, 99) * 1000, 1) if latencies else None,
        "errors": len(errors),
    }


def serve(cmd: list[str], port: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=str(ROOT))
    try:
        _wait_listening(port, proc)
        return load(port)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pub"
        out.mkdir()
        publish = bench_publish(_document(), _signer(), out)
        data = Path(tmp) / "data"
        port = _free_port()
        ours = serve(
            [
                sys.executable,
                "-m",
                "counter_app",
                "--data-dir",
                str(data),
                "serve",
                "status-feed",
                "--dir",
                str(out),
                "--port",
                str(port),
            ],
            port,
        )
        port = _free_port()
        if shutil.which("nginx"):
            baseline_name = "nginx"
            conf = Path(tmp) / "nginx.conf"
            conf.write_text(
                f"daemon off; pid {tmp}/nginx.pid; error_log stderr; events {{}} http {{ access_log off; "
                f"server {{ listen 127.0.0.1:{port}; root {out}; etag on; }} }}"
            )
            cmd = ["nginx", "-c", str(conf), "-p", tmp]
        else:
            baseline_name = "python http.server"
            cmd = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(out), str(port)]
        base = serve(cmd, port)
    print(
        json.dumps(
            {
                "bench": "status_feed",
                "clients": CLIENTS,
                "polls_each": POLLS,
                "ours": ours,
                "baseline": {"server": baseline_name, **base},
                "ratio": round(ours["rps"] / base["rps"], 2) if base["rps"] else None,
                **publish,
            }
        )
    )


if __name__ == "__main__":
    main()
