"""A response's head and body leave in one send (kiosk/server/coalescing.py)."""
import asyncio

from kiosk.server.coalescing import CoalescingTransport


class RecordingTransport:
    def __init__(self):
        self.sent, self.closed = [], False

    def write(self, data):
        assert not self.closed
        self.sent.append(data)

    def is_closing(self):
        return self.closed

    def close(self):
        self.closed = True

    def get_extra_info(self, name):
        return f"real {name}"


def test_writes_of_one_loop_step_go_out_in_one_send_and_in_order():
    async def scenario():
        real = RecordingTransport()
        transport = CoalescingTransport(real, asyncio.get_running_loop())
        transport.write(b"HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\n")
        transport.write(b"{}")
        assert real.sent == []                         # not yet: the step has not ended
        await asyncio.sleep(0)
        transport.writelines([b"next ", b"step"])
        await asyncio.sleep(0)
        return real, transport
    real, transport = asyncio.run(scenario())
    assert real.sent == [b"HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\n{}", b"next step"]
    assert transport.get_extra_info("socket") == "real socket"


def test_closing_sends_what_was_written_first():
    async def scenario():
        real = RecordingTransport()
        transport = CoalescingTransport(real, asyncio.get_running_loop())
        transport.write(b"last words")
        transport.close()
        await asyncio.sleep(0)                         # the scheduled flush finds nothing left
        return real
    real = asyncio.run(scenario())
    assert real.sent == [b"last words"] and real.closed


def test_over_a_real_socket_the_peer_gets_every_byte():
    async def scenario():
        received = asyncio.get_running_loop().create_future()

        async def serve(reader, writer):
            transport = CoalescingTransport(writer.transport, asyncio.get_running_loop())
            for part in (b"head;", b"body;", b"more"):
                transport.write(part)
            transport.close()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        reader, writer = await asyncio.open_connection(*server.sockets[0].getsockname()[:2])
        received.set_result(await reader.read())
        writer.close()
        server.close()
        return await received
    assert asyncio.run(scenario()) == b"head;body;more"
