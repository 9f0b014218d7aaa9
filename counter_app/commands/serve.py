"""`counter-app serve …`: small servers a district runs for its counters. Each area adds its own
subcommand below (`serve status-feed`: the status desk; `serve intake-api`: the sync rehearsal).
"""

from __future__ import annotations

import sys

from counter_app.i18n import Msg


def register(sub) -> None:
    p = sub.add_parser("serve", help="run a small server for the counters (status-feed, intake-api)")
    ssub = p.add_subparsers(dest="serve_command", metavar="SERVER")
    feed = ssub.add_parser(
        "status-feed",
        help="serve a published status feed (feed.json + feed.json.jws) "
        "with ETag/304, Cache-Control and gzip, and nothing else",
    )
    feed.add_argument("--dir", required=True, help="the folder `status publish --out` writes")
    feed.add_argument("--port", type=int, default=8080, help="TCP port (default 8080; 0 picks a free one)")
    feed.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, loopback only; 0.0.0.0 for the network)",
    )
    feed.set_defaults(handler=serve_status_feed)
    intake = ssub.add_parser(
        "intake-api",
        help="a rehearsal Intake API v1 server on loopback (contracts.md §2), "
        "with switchable faults, storing what it receives in its own file",
    )
    intake.add_argument("--port", type=int, default=8081, help="TCP port (default 8081; 0 picks a free one)")
    intake.add_argument(
        "--token-env",
        required=True,
        metavar="VAR",
        help="environment variable holding the Bearer token clients must send",
    )
    intake.add_argument(
        "--faults",
        metavar="SPEC",
        default="",
        help="e.g. drop=0.05,503=0.05,retry-after=1,slow=0.05,slow-seconds=0.2,html=0.05,"
        "401-after=500,invalid=1,seed=7 (see counter_app/sync/server.py)",
    )
    intake.add_argument(
        "--store",
        default="intake-api-rehearsal.sqlite",
        metavar="FILE",
        help="its SQLite file (default ./intake-api-rehearsal.sqlite; never holds a clear RRN)",
    )
    intake.set_defaults(handler=serve_intake_api)
    geo = ssub.add_parser(
        "open311",
        help="a rehearsal Open311 GeoReport v2 server on loopback that does not "
        "de-duplicate (tokens, tokens/{token}.json), for rehearsing an open311 sync",
    )
    geo.add_argument("--port", type=int, default=8082, help="TCP port (default 8082; 0 picks a free one)")
    geo.add_argument("--token-env", required=True, metavar="VAR", help="environment variable holding the api_key")
    geo.add_argument(
        "--faults", metavar="SPEC", default="", help="e.g. drop=0.05,503=0.05,token-delay=2,tokens=1,seed=7"
    )
    geo.add_argument("--store", default="open311-rehearsal.sqlite", metavar="FILE", help="its SQLite file")
    geo.set_defaults(handler=serve_open311)


def serve_status_feed(args, runner) -> int:
    from pathlib import Path

    from counter_app.errors import UserError
    from counter_app.status.publish_server import make_server

    directory = Path(args.dir).expanduser()
    if not directory.is_dir():
        raise UserError(
            Msg(f"게시 폴더가 없습니다: {directory.name}", f"The feed folder does not exist: {directory.name}")
        )
    try:
        server = make_server(directory, args.host, args.port)
    except OSError:
        raise UserError(
            Msg(
                f"포트 {args.port}에서 서버를 열 수 없습니다 (이미 쓰이고 있거나 권한이 없습니다).",
                f"Cannot listen on port {args.port} (in use, or not permitted).",
            )
        ) from None
    host, port = server.server_address[:2]
    sys.stdout.write(
        Msg(
            "상태 정보 제공 중: http://{h}:{p}/feed.json (Ctrl+C로 끝냅니다)",
            "Serving the status feed at http://{h}:{p}/feed.json (Ctrl+C stops)",
        )
        .format(h=host, p=port)
        .text()
        + "\n"
    )
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def _secret_from(env_var: str, missing: Msg) -> str:
    import os

    from counter_app.errors import UserError

    value = os.environ.get(env_var, "")
    if not value:
        raise UserError(missing)
    return value


def _run_rehearsal(make_server, port: int, announce: Msg) -> int:
    """Open a rehearsal server (intake-api, open311), say where it listens, serve until Ctrl+C."""
    from counter_app.errors import UserError

    try:
        server = make_server()
    except OSError:
        raise UserError(
            Msg(
                f"포트 {port}에서 서버를 열 수 없습니다 (이미 쓰이고 있거나 권한이 없습니다).",
                f"Cannot listen on port {port} (in use, or not permitted).",
            )
        ) from None
    sys.stdout.write(announce.format(u=server.url).text() + "\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def serve_intake_api(args, runner) -> int:
    from pathlib import Path

    from counter_app.sync.server import Faults, IntakeApiServer

    token = _secret_from(
        args.token_env,
        Msg(
            f"접속 토큰이 없습니다: 환경 변수 {args.token_env}에 넣으십시오.",
            f"No access token: put it in the environment variable {args.token_env}.",
        ),
    )
    faults = Faults.parse(args.faults)
    announce = Msg(
        "연습용 민원 접수 API 제공 중: {u} (장애 seed {s}; Ctrl+C로 끝냅니다)",
        "Serving the rehearsal Intake API at {u} (fault seed {s}; Ctrl+C stops)",
    ).format(u="{u}", s=faults.seed)
    return _run_rehearsal(
        lambda: IntakeApiServer(Path(args.store).expanduser(), token, faults=faults, port=args.port),
        args.port,
        announce,
    )


def serve_open311(args, runner) -> int:
    from pathlib import Path

    from counter_app.sync.open311_server import Open311Faults, Open311Server

    key = _secret_from(
        args.token_env,
        Msg(
            f"API 키가 없습니다: 환경 변수 {args.token_env}에 넣으십시오.",
            f"No API key: put it in the environment variable {args.token_env}.",
        ),
    )
    faults = Open311Faults.parse(args.faults)
    return _run_rehearsal(
        lambda: Open311Server(Path(args.store).expanduser(), key, faults=faults, port=args.port),
        args.port,
        Msg(
            "연습용 Open311 서버 제공 중: {u} (Ctrl+C로 끝냅니다)",
            "Serving the rehearsal Open311 server at {u} (Ctrl+C stops)",
        ),
    )
