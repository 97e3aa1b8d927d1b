"""A voice pack on disk: a folder of WAV clips and manifest.json saying which phrase (or which
procedure's guidance) each clip says, who recorded it, when, and what its checks found.

    pack/
      manifest.json   {"format": 1, "name", "phrases": {words: entry}, "guidance": {code: entry}}
      phrases/<sha1>.wav
      guidance/<sha1>.wav

An entry: {"file", "recorded_by", "recorded_at", "warnings": [messages], "heard": text}; a
guidance entry also keeps the `words` it recorded, so an edited guidance text shows stale.
Writes are atomic (temporary file, then rename), so a kiosk reading the pack never sees half.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import threading
import wave
import zipfile
from pathlib import Path

MANIFEST = "manifest.json"
FORMAT = 1
LARGEST_ZIP_BYTES = 200 * 1024 * 1024


class PackError(ValueError):
    """A pack (or a zip of one) that cannot be used; `message` is Vietnamese, for the admin."""

    def __init__(self, reason: str, message: str):
        super().__init__(reason)
        self.reason, self.message = reason, message


class VoicePack:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.folder.name

    def exists(self) -> bool:
        return (self.folder / MANIFEST).is_file()

    def manifest(self) -> dict:
        try:
            data = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        return {"format": FORMAT, "name": self.name, "phrases": {}, "guidance": {}, **data}

    def identity(self) -> str:
        """Changes whenever any clip changes (the speech cache keys on it)."""
        try:
            stat = (self.folder / MANIFEST).stat()
        except OSError:
            return f"pack/{self.name}/empty"
        return f"pack/{self.name}/{stat.st_size}/{stat.st_mtime_ns}"

    def phrase_clip(self, words: str) -> Path | None:
        return self._clip(self.manifest()["phrases"].get(words))

    def guidance_clip(self, words: str) -> Path | None:
        """The guidance recording that says exactly `words`, if any (an edited text has none)."""
        for entry in self.manifest()["guidance"].values():
            if entry.get("words") == words:
                return self._clip(entry)
        return None

    def save_clip(self, kind: str, key: str, wav: bytes, entry: dict) -> dict:
        """Store one recording (`kind` "phrases" or "guidance") and its manifest entry."""
        relative = f"{kind}/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}.wav"
        with self._lock:
            write_atomically(self.folder / relative, wav)
            manifest = self.manifest()
            manifest[kind][key] = {**entry, "file": relative}
            write_atomically(self.folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        return manifest[kind][key]

    def remove_clip(self, kind: str, key: str) -> dict | None:
        with self._lock:
            manifest = self.manifest()
            entry = manifest[kind].pop(key, None)
            if entry is not None:
                write_atomically(self.folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
                (self.folder / entry["file"]).unlink(missing_ok=True)
        return entry

    def export_zip(self) -> bytes:
        buffer = io.BytesIO()
        manifest = self.manifest()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            for kind in ("phrases", "guidance"):
                for entry in manifest[kind].values():
                    if (self.folder / entry["file"]).is_file():
                        archive.write(self.folder / entry["file"], entry["file"])
        return buffer.getvalue()

    def import_zip(self, data: bytes) -> dict:
        """Replace this pack's clips with a zip made by export_zip; refuse anything else whole."""
        manifest, clips = read_pack_zip(data)
        with self._lock:
            for relative, wav in clips.items():
                write_atomically(self.folder / relative, wav)
            manifest["name"] = self.name
            write_atomically(self.folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        return manifest

    def _clip(self, entry: dict | None) -> Path | None:
        if not entry:
            return None
        path = self.folder / entry["file"]
        return path if path.is_file() else None


def read_pack_zip(data: bytes) -> tuple[dict, dict[str, bytes]]:
    """(manifest, {relative path: WAV bytes}) from a pack zip, every clip checked to be a WAV."""
    if len(data) > LARGEST_ZIP_BYTES:
        raise PackError("zip too large", "Tệp gói giọng quá lớn (tối đa 200 MB).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise PackError("not a voice pack zip", "Tệp không phải gói giọng đọc (thiếu manifest.json).") from None
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("phrases"), dict):
        raise PackError("unknown pack format", "Gói giọng đọc có định dạng không hỗ trợ.")
    manifest.setdefault("guidance", {})
    clips: dict[str, bytes] = {}
    for kind in ("phrases", "guidance"):
        for key, entry in manifest[kind].items():
            relative = str(entry.get("file", ""))
            folder, _, name = relative.partition("/")
            if folder != kind or not name.endswith(".wav") or "/" in name or name.startswith("."):
                raise PackError(f"bad clip path {relative!r}", f"Gói giọng có đường dẫn tệp không hợp lệ: {relative}")
            try:
                clips[relative] = archive.read(relative)
                with wave.open(io.BytesIO(clips[relative])) as reader:
                    reader.getnframes()
            except (KeyError, wave.Error, EOFError):
                raise PackError(f"clip {relative} missing or not a WAV",
                                f"Bản ghi cho “{key}” bị thiếu hoặc không phải tệp WAV.") from None
    return manifest, clips


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
