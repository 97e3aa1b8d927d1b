"""`main.py hub ...`: the province hub on PostgreSQL (docs/hub.md)."""
from __future__ import annotations

import json
import os

from kiosk.wording import say


def register(subparsers) -> None:
    parser = subparsers.add_parser("hub", help="the province hub: serve, register centres and accounts, load the catalogue")
    commands = parser.add_subparsers(dest="hub_command", metavar="HUB_COMMAND", required=True)

    serve = commands.add_parser("serve", help="run one hub process (several may serve one database)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8100)
    serve.add_argument("--log-level", default="warning")
    serve.add_argument("--pool-size", type=int, default=16)
    _pg(serve)
    serve.set_defaults(func=run_serve)

    centre = commands.add_parser("centre", help="centres").add_subparsers(dest="centre_command", required=True)
    add = centre.add_parser("add", help="register a centre and print its token (shown once)")
    add.add_argument("code")
    add.add_argument("name")
    add.add_argument("--district", default="", help="district or town, for the public page")
    _pg(add)
    add.set_defaults(func=run_centre_add)

    user = commands.add_parser("user", help="province accounts").add_subparsers(dest="user_command", required=True)
    add_user = user.add_parser("add", help="add a province account and print its token (shown once)")
    add_user.add_argument("name")
    add_user.add_argument("--role", choices=["manager", "admin"], default="manager")
    _pg(add_user)
    add_user.set_defaults(func=run_user_add)

    cat = commands.add_parser("catalogue", help="the province catalogue").add_subparsers(dest="cat_command", required=True)
    load = cat.add_parser("load", help="load procedures from a JSON file (a list of records)")
    load.add_argument("file")
    _pg(load)
    load.set_defaults(func=run_catalogue_load)


def _pg(parser) -> None:
    parser.add_argument("--pg", default=os.environ.get("HUB_PG", ""),
                        help="PostgreSQL DSN, e.g. 'host=/run/postgresql dbname=hub' (default: $HUB_PG)")


def _connection(args):
    import psycopg
    from psycopg.rows import dict_row

    from kiosk.cli import UserError
    from kiosk.hub.migrations import apply_migrations
    if not args.pg:
        raise UserError(say("Cần --pg DSN (hoặc đặt biến HUB_PG)"))
    try:
        conn = psycopg.connect(args.pg, row_factory=dict_row, autocommit=True)
    except psycopg.OperationalError as error:
        raise UserError(say("Không kết nối được PostgreSQL tại {dsn}: {error}", dsn=repr(args.pg), error=str(error).strip()).strip()) from None
    apply_migrations(conn)
    return conn


def run_serve(args) -> int:
    import uvicorn

    from kiosk.hub.app import create_app
    _connection(args).close()        # a wrong DSN is one clear line, not a traceback from uvicorn
    print(say("Máy chủ tỉnh đang chạy: http://{host}:{port}", host=args.host, port=args.port), flush=True)
    uvicorn.run(create_app(args.pg, pool_size=args.pool_size), host=args.host, port=args.port,
                log_level=args.log_level, access_log=False)
    return 0


def run_centre_add(args) -> int:
    return _add_with_token(args, "INSERT INTO centres (code, name, district, token_hash) VALUES (%s, %s, %s, %s)",
                           [args.code, args.name, args.district], f"centre {args.code!r} is already registered")


def run_user_add(args) -> int:
    return _add_with_token(args, "INSERT INTO accounts (name, role, token_hash) VALUES (%s, %s, %s)",
                           [args.name, args.role], f"account {args.name!r} already exists")


def _add_with_token(args, insert: str, values: list, taken: str) -> int:
    """Insert a row holding a new token's hash and print the token (shown only this once)."""
    import psycopg

    from kiosk.cli import UserError
    from kiosk.hub.db import new_token, token_hash
    token = new_token()
    with _connection(args) as conn:
        try:
            conn.execute(insert, [*values, token_hash(token)])
        except psycopg.errors.UniqueViolation:
            raise UserError(taken) from None
    print(token)
    return 0


def run_catalogue_load(args) -> int:
    from kiosk.hub import catalogue
    with open(args.file, encoding="utf-8") as handle:
        records = json.load(handle)
    with _connection(args) as conn:
        conn.autocommit = False
        count = catalogue.load(conn, records, "cli")
    print(say("{count} thủ tục đã nạp", count=count))
    return 0
