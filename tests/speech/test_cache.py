import os

from kiosk.speech.cache import AudioCache


def write(path, text="x"):
    path.write_text(text)


def test_same_key_same_file_created_once(tmp_path):
    cache = AudioCache(tmp_path)
    calls = []
    first = cache.get_or_create(("speech", "vi", "một"), lambda path: (calls.append(path), write(path)))
    second = cache.get_or_create(("speech", "vi", "một"), lambda path: (calls.append(path), write(path)))
    assert first == second and first.exists() and len(calls) == 1


def test_different_keys_different_files(tmp_path):
    cache = AudioCache(tmp_path)
    assert cache.path_for("vi", "một") != cache.path_for("vi", "hai")
    assert cache.path_for("vi", "một") != cache.path_for("vi-vn-x-south", "một")


def test_prune_keeps_the_most_recently_used(tmp_path):
    cache = AudioCache(tmp_path, max_files=2)
    paths = [cache.get_or_create((name,), write) for name in ("a", "b", "c")]
    for age, path in zip((300, 200, 100), paths):
        os.utime(path, (path.stat().st_atime - age, path.stat().st_mtime - age))
    cache.get_or_create(("a",), write)  # a hit refreshes "a"
    cache.prune()
    assert paths[0].exists() and not paths[1].exists() and paths[2].exists()
