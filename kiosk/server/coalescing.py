"""One send per response: uvicorn writes a response's head and its body separately, and each
write is a system call that also wakes the client on the loopback's other end. The writes a
connection makes within one event-loop step are joined and sent at the end of that step, so a
response (head and body, sent one after the other without waiting) leaves in one segment."""
from __future__ import annotations


class CoalescingTransport:
    """Wraps an asyncio transport; everything but writing and closing goes to the real one."""

    def __init__(self, transport, loop):
        self._transport, self._loop = transport, loop
        self._pending: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self._pending:
            self._loop.call_soon(self._flush)
        self._pending.append(bytes(data))

    def writelines(self, chunks) -> None:
        for chunk in chunks:
            self.write(chunk)

    def close(self) -> None:
        self._flush()                 # what was written before the close still goes out
        self._transport.close()

    def _flush(self) -> None:
        if not self._pending:
            return
        data, self._pending = b"".join(self._pending), []
        if not self._transport.is_closing():
            self._transport.write(data)

    def __getattr__(self, name):
        return getattr(self._transport, name)
