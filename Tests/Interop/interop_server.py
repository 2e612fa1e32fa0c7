"""Stock grpcio server (sync, thread pool) for interop.v1.TestService and grpc.health.v1.Health.

Prints `PORT <n>` once listening on 127.0.0.1 (port 0 picks one), then serves until stdin closes.
Also the Python peer in the benchmarks.
"""
import sys
import time
from concurrent import futures

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

import interop_test_pb2 as pb
import interop_test_pb2_grpc as pbg


def payload(size):
    return pb.Payload(body=b"\0" * size)


class TestService(pbg.TestServiceServicer):
    def EmptyCall(self, request, context):
        return pb.SimpleResponse()

    def UnaryCall(self, request, context):
        metadata = dict(context.invocation_metadata())
        if "x-grpc-test-echo-initial" in metadata:
            context.send_initial_metadata((("x-grpc-test-echo-initial", metadata["x-grpc-test-echo-initial"]),))
        if "x-grpc-test-echo-trailing-bin" in metadata:
            context.set_trailing_metadata((("x-grpc-test-echo-trailing-bin", metadata["x-grpc-test-echo-trailing-bin"]),))
        if request.sleep_ms:
            deadline = time.monotonic() + request.sleep_ms / 1000
            while time.monotonic() < deadline and context.is_active():
                time.sleep(0.005)
        if request.response_status.code:
            context.abort(grpc.StatusCode(_code(request.response_status.code)), request.response_status.message)
        return pb.SimpleResponse(payload=payload(request.response_size) if request.response_size else None)

    def StreamingInputCall(self, request_iterator, context):
        return pb.StreamingInputCallResponse(aggregated_payload_size=sum(len(p.body) for p in request_iterator))

    def StreamingOutputCall(self, request, context):
        if request.sleep_ms:
            time.sleep(request.sleep_ms / 1000)
        for size in request.response_sizes:
            yield pb.SimpleResponse(payload=payload(size))
        body = payload(request.repeat_size)
        for _ in range(request.repeat_count):
            yield pb.SimpleResponse(payload=body)

    def FullDuplexCall(self, request_iterator, context):
        for request in request_iterator:
            yield pb.SimpleResponse(payload=payload(request.response_size))


def _code(number):
    for code in grpc.StatusCode:
        if code.value[0] == number:
            return code.value
    return grpc.StatusCode.UNKNOWN.value


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=workers),
                         options=[("grpc.max_concurrent_streams", 1000)])
    pbg.add_TestServiceServicer_to_server(TestService(), server)
    health_servicer = health.HealthServicer()
    health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    bound = server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    print(f"PORT {bound}", flush=True)
    sys.stdin.read()
    server.stop(grace=1)


if __name__ == "__main__":
    main()
