"""Raw HTTP/2 clients (python-hyper h2) that misbehave on purpose, against a gRPC server.

Usage: h2_abuse.py HOST:PORT CASE. Prints `PASS <case>` and exits 0 when the server behaved.
Cases:
  rapid_reset      10,000 streams opened and reset in a burst; afterwards a new connection is served
  large_headers    a 64 KiB header block resets that stream; the same connection then serves a call
  content_type     a foreign content-type gets HTTP 415
  missing_te       a request without `te: trailers` gets a trailers-only INVALID_ARGUMENT
  bad_message      a request that is not valid protobuf gets INTERNAL
  oversized        a 5 MiB request message gets RESOURCE_EXHAUSTED
  compressed_flag  a message with the compressed flag and no grpc-encoding gets INTERNAL
"""
import socket
import struct
import sys

import h2.config
import h2.connection
import h2.events
import h2.exceptions
import h2.settings

HEALTH = "/grpc.health.v1.Health/Check"


class Client:
    def __init__(self, target):
        host, port = target.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        self.conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
        self.conn.local_settings = h2.settings.Settings(client=True, initial_values={
            h2.settings.SettingCodes.MAX_HEADER_LIST_SIZE: 1 << 20})
        self.conn.initiate_connection()
        self.flush()
        self.closed = False

    def flush(self):
        data = self.conn.data_to_send()
        if data:
            self.sock.sendall(data)

    def headers(self, path=HEALTH, extra=(), content_type="application/grpc", te=True):
        fields = [(":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "localhost"),
                  ("content-type", content_type)]
        if te:
            fields.append(("te", "trailers"))
        return fields + list(extra)

    def request(self, message=b"", flag=0, **kwargs):
        stream_id = self.conn.get_next_available_stream_id()
        self.conn.send_headers(stream_id, self.headers(**kwargs))
        self.conn.send_data(stream_id, struct.pack(">BI", flag, len(message)) + message, end_stream=True)
        self.flush()
        return stream_id

    def events_until(self, stream_id):
        """Collects events until the stream ends or is reset; returns (headers, reset_code)."""
        headers = {}
        while True:
            data = self.sock.recv(65536)
            if not data:
                self.closed = True
                return headers, "connection closed"
            for event in self.conn.receive_data(data):
                if isinstance(event, h2.events.DataReceived):
                    self.conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                if getattr(event, "stream_id", None) != stream_id:
                    continue
                if isinstance(event, (h2.events.ResponseReceived, h2.events.TrailersReceived)):
                    headers.update(dict(event.headers))
                if isinstance(event, h2.events.StreamReset):
                    return headers, event.error_code
                if isinstance(event, h2.events.StreamEnded):
                    return headers, None
            self.flush()


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def healthy(target):
    client = Client(target)
    headers, reset = client.events_until(client.request())
    expect(reset is None and headers.get("grpc-status") == "0", f"health call failed: {headers} {reset}")


def rapid_reset(target):
    client = Client(target)
    for _ in range(10_000):
        stream_id = client.conn.get_next_available_stream_id()
        client.conn.send_headers(stream_id, client.headers())
        client.conn.reset_stream(stream_id)
    terminated = None
    try:
        client.flush()
        while terminated is None:
            data = client.sock.recv(65536)
            if not data:
                break
            for event in client.conn.receive_data(data):
                if isinstance(event, h2.events.ConnectionTerminated):
                    terminated = event.error_code
    except (OSError, h2.exceptions.ProtocolError):
        pass
    # nghttp2's reset-rate limit answers the burst with GOAWAY; the server stays up for others.
    expect(terminated is not None, "the abusive connection was not sent GOAWAY")
    healthy(target)


def large_headers(target):
    client = Client(target)
    extra = [(f"x-big-{i}", "v" * 8192) for i in range(8)]
    headers, reset = client.events_until(client.request(extra=extra))
    expect(reset is not None and reset != "connection closed", f"expected a stream reset, got {headers} {reset}")
    headers, reset = client.events_until(client.request())
    expect(reset is None and headers.get("grpc-status") == "0", f"connection unusable afterwards: {headers} {reset}")


def status_of(target, **kwargs):
    client = Client(target)
    headers, reset = client.events_until(client.request(**kwargs))
    expect(reset is None, f"stream reset {reset}")
    return headers


def content_type(target):
    headers = status_of(target, content_type="application/json")
    expect(headers.get(":status") == "415", headers)


def missing_te(target):
    headers = status_of(target, te=False)
    expect(headers.get(":status") == "200" and headers.get("grpc-status") == "3", headers)


def bad_message(target):
    headers = status_of(target, message=b"\xff\xff\xff")
    expect(headers.get("grpc-status") == "13", headers)


def oversized(target):
    client = Client(target)
    stream_id = client.conn.get_next_available_stream_id()
    client.conn.send_headers(stream_id, client.headers())
    client.conn.send_data(stream_id, struct.pack(">BI", 0, 5 << 20) + b"\0" * 1000)
    client.flush()
    headers, reset = client.events_until(stream_id)
    expect(headers.get("grpc-status") == "8", f"{headers} {reset}")


def compressed_flag(target):
    headers = status_of(target, flag=1)
    expect(headers.get("grpc-status") == "13", headers)


CASES = {f.__name__: f for f in (rapid_reset, large_headers, content_type, missing_te, bad_message, oversized,
                                  compressed_flag)}


def main():
    target, name = sys.argv[1], sys.argv[2]
    CASES[name](target)
    print(f"PASS {name}")


if __name__ == "__main__":
    main()
