"""The server's connections keep SQLite's temporary data (statement journals, sorts) in
memory, so a call at a long queue does not open and delete a file (kiosk/server/app.py).
This checks the setting on both connections; the files it saves were counted with strace
(README, "Benchmarks")."""

MEMORY = 2   # PRAGMA temp_store: 0 the build's default (a file here), 1 file, 2 memory


def test_the_writing_and_the_event_reading_connections_keep_temporary_data_in_memory(centre):
    state = centre.client.app.state
    for store in (state.store, state.reader.store):
        assert store.db.execute("PRAGMA temp_store").fetchone()[0] == MEMORY
        # set before the memo's temporary triggers (kiosk/store/memo.py), which changing it drops
        assert store.db.execute("SELECT COUNT(*) FROM sqlite_temp_master WHERE type = 'trigger'").fetchone()[0] > 0
    assert state.reader.store is not state.store
