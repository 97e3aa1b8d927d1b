"""One throwaway PostgreSQL cluster for the whole test session (initdb + pg_ctl in a temporary
folder, as the `postgres` user when the tests run as root), a fresh database per use."""
from __future__ import annotations

import itertools

import psycopg
import pytest
from psycopg.rows import dict_row

from kiosk.hub.cluster import TempCluster
from kiosk.hub.migrations import apply_migrations
from tests.hub.city import start_city

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster():
    cluster = TempCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def hub_dsn(pg_cluster) -> str:
    return pg_cluster.create_database(f"hub_test_{next(_names)}")


@pytest.fixture
def hub_conn(hub_dsn):
    with psycopg.connect(hub_dsn, row_factory=dict_row, autocommit=True) as conn:
        apply_migrations(conn)
        conn.autocommit = False
        yield conn


@pytest.fixture(scope="session")
def city(tmp_path_factory, pg_cluster):
    """Two hubs and three centres (tests/hub/city.py), started once for every module using them."""
    yield from start_city(tmp_path_factory, pg_cluster)
