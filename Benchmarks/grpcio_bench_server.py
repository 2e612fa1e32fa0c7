"""grpcio (sync, thread pool) serving bench.v1.Bench/Unary and /Stream: the Python peer.

Prints `PORT <n>` once listening on 127.0.0.1:<argv[1]>.
"""
import sys
import threading
from concurrent import futures

import grpc

from uploadmonitor.v1 import upload_monitor_pb2 as pb


def reply(request):
    return pb.Progress(upload_id=request.upload_id, total_rows=2_000_000, processed_rows=1_234_567,
                       succeeded_rows=1_230_000, failed_rows=4567, rate_per_second=5321.5, eta_seconds=144.25,
                       percentage=61.7, phase=pb.PHASE_UPLOADING, updated_at_unix_ms=1_764_400_000_000)


STREAMED = reply(pb.GetProgressRequest(upload_id="upl_0123456789abcd"))


def unary(request, context):
    return reply(request)


def stream(request, context):
    for _ in range(request.resume_after_sequence):
        yield STREAMED


def main():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), options=[("grpc.max_concurrent_streams", 1000)])
    handlers = {
        "Unary": grpc.unary_unary_rpc_method_handler(
            unary, request_deserializer=pb.GetProgressRequest.FromString,
            response_serializer=pb.Progress.SerializeToString),
        "Stream": grpc.unary_stream_rpc_method_handler(
            stream, request_deserializer=pb.WatchRequest.FromString,
            response_serializer=pb.Progress.SerializeToString),
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("bench.v1.Bench", handlers),))
    port = server.add_insecure_port(f"127.0.0.1:{sys.argv[1] if len(sys.argv) > 1 else 0}")
    server.start()
    print(f"PORT {port}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
