"""Stock grpcio client running interop cases against a server that serves interop.v1.TestService.

Usage: interop_client.py HOST:PORT CASE [CASE ...]   ("all" runs every case). Exit status 0 when
every case passed; each failure is printed with the case name.
"""
import queue
import sys
import threading

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

import interop_test_pb2 as pb
import interop_test_pb2_grpc as pbg

SPECIAL_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001F608\t\n"


def empty_unary(channel):
    response = pbg.TestServiceStub(channel).EmptyCall(pb.SimpleRequest(), timeout=10)
    assert response == pb.SimpleResponse(), response


def large_unary(channel):
    request = pb.SimpleRequest(response_size=314159, payload=pb.Payload(body=b"\0" * 271828))
    response = pbg.TestServiceStub(channel).UnaryCall(request, timeout=10)
    assert len(response.payload.body) == 314159, len(response.payload.body)


def client_streaming(channel):
    sizes = [27182, 8, 1828, 45904]
    requests = (pb.Payload(body=b"\0" * size) for size in sizes)
    response = pbg.TestServiceStub(channel).StreamingInputCall(requests, timeout=10)
    assert response.aggregated_payload_size == 74922, response


def server_streaming(channel):
    sizes = [31415, 9, 2653, 58979]
    responses = pbg.TestServiceStub(channel).StreamingOutputCall(
        pb.StreamingOutputCallRequest(response_sizes=sizes), timeout=10)
    assert [len(r.payload.body) for r in responses] == sizes


def server_streaming_many(channel):
    responses = pbg.TestServiceStub(channel).StreamingOutputCall(
        pb.StreamingOutputCallRequest(repeat_count=20000, repeat_size=20), timeout=60)
    count = sum(1 for r in responses if len(r.payload.body) == 20)
    assert count == 20000, count


def ping_pong(channel):
    sizes = [31415, 9, 2653, 58979]
    requests = queue.Queue()
    call = pbg.TestServiceStub(channel).FullDuplexCall(iter(requests.get, None), timeout=10)
    for size in sizes:
        requests.put(pb.SimpleRequest(response_size=size))
        assert len(next(call).payload.body) == size
    requests.put(None)
    assert list(call) == []


def empty_stream(channel):
    assert list(pbg.TestServiceStub(channel).FullDuplexCall(iter([]), timeout=10)) == []


def special_status_message(channel):
    request = pb.SimpleRequest(response_status=pb.EchoStatus(code=2, message=SPECIAL_MESSAGE))
    try:
        pbg.TestServiceStub(channel).UnaryCall(request, timeout=10)
    except grpc.RpcError as error:
        assert error.code() == grpc.StatusCode.UNKNOWN, error.code()
        assert error.details() == SPECIAL_MESSAGE, repr(error.details())
        return
    raise AssertionError("call succeeded")


def expect_code(code, call):
    try:
        call()
    except grpc.RpcError as error:
        assert error.code() == code, (error.code(), error.details())
        return error
    raise AssertionError(f"call succeeded, expected {code}")


def unimplemented_method(channel):
    expect_code(grpc.StatusCode.UNIMPLEMENTED,
                lambda: channel.unary_unary("/interop.v1.TestService/UnimplementedCall")(b"", timeout=10))


def unimplemented_service(channel):
    expect_code(grpc.StatusCode.UNIMPLEMENTED,
                lambda: channel.unary_unary("/interop.v1.UnimplementedService/UnimplementedCall")(b"", timeout=10))


def cancel_after_begin(channel):
    release = threading.Event()

    def requests():
        release.wait()
        return
        yield

    future = pbg.TestServiceStub(channel).StreamingInputCall.future(requests(), timeout=10)
    future.cancel()
    release.set()
    assert future.cancelled()
    assert future.code() == grpc.StatusCode.CANCELLED, future.code()


def timeout_on_sleeping_server(channel):
    stub = pbg.TestServiceStub(channel)
    expect_code(grpc.StatusCode.DEADLINE_EXCEEDED,
                lambda: list(stub.StreamingOutputCall(
                    pb.StreamingOutputCallRequest(response_sizes=[10], sleep_ms=10000), timeout=0.05)))
    expect_code(grpc.StatusCode.DEADLINE_EXCEEDED,
                lambda: stub.UnaryCall(pb.SimpleRequest(sleep_ms=10000), timeout=0.05))


def custom_metadata(channel):
    metadata = (("x-grpc-test-echo-initial", "test_initial_metadata_value"),
                ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab"))
    response, call = pbg.TestServiceStub(channel).UnaryCall.with_call(
        pb.SimpleRequest(response_size=10), metadata=metadata, timeout=10)
    assert len(response.payload.body) == 10
    initial = dict(call.initial_metadata())
    trailing = dict(call.trailing_metadata())
    assert initial.get("x-grpc-test-echo-initial") == "test_initial_metadata_value", initial
    assert trailing.get("x-grpc-test-echo-trailing-bin") == b"\xab\xab\xab", trailing


def status_code_and_message(channel):
    request = pb.SimpleRequest(response_status=pb.EchoStatus(code=2, message="test status message"))
    error = expect_code(grpc.StatusCode.UNKNOWN, lambda: pbg.TestServiceStub(channel).UnaryCall(request, timeout=10))
    assert error.details() == "test status message"


def health(channel):
    stub = health_pb2_grpc.HealthStub(channel)
    response = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=10)
    assert response.status == health_pb2.HealthCheckResponse.SERVING, response
    expect_code(grpc.StatusCode.NOT_FOUND,
                lambda: stub.Check(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=10))
    watch = stub.Watch(health_pb2.HealthCheckRequest(service=""), timeout=10)
    assert next(watch).status == health_pb2.HealthCheckResponse.SERVING
    watch.cancel()
    unknown = stub.Watch(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=10)
    assert next(unknown).status == health_pb2.HealthCheckResponse.SERVICE_UNKNOWN
    unknown.cancel()


def concurrent_2000(channel):
    stub = pbg.TestServiceStub(channel)
    futures = [stub.UnaryCall.future(pb.SimpleRequest(response_size=8, sleep_ms=300), timeout=60)
               for _ in range(2000)]
    sizes = [len(f.result().payload.body) for f in futures]
    assert sizes == [8] * 2000


CASES = [empty_unary, large_unary, client_streaming, server_streaming, server_streaming_many, ping_pong, empty_stream,
         special_status_message, status_code_and_message, unimplemented_method, unimplemented_service,
         cancel_after_begin, timeout_on_sleeping_server, custom_metadata, health, concurrent_2000]


def main():
    target, names = sys.argv[1], sys.argv[2:]
    selected = CASES if names == ["all"] else [case for case in CASES if case.__name__ in names]
    assert selected, f"no such case: {names}"
    failures = 0
    with grpc.insecure_channel(target) as channel:
        for case in selected:
            try:
                case(channel)
                print(f"PASS {case.__name__}", flush=True)
            except Exception as error:  # report every case, then fail
                failures += 1
                print(f"FAIL {case.__name__}: {error!r}", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
