"""The `make run` demo: uploads a generated CSV through `upmon serve` into `upmon demo-target`
and shows its progress until it ends.

Usage: demo_upload.py SERVER_PORT TARGET_PORT [ROWS]. Uses a stock grpcio client, as any backend
service would. Every 97th row has an invalid e-mail address; the demo target injects faults.
"""
import os
import sys
import tempfile
import time

import grpc
from uploadmonitor.v1 import upload_monitor_pb2 as pb, upload_monitor_pb2_grpc as pbg

ENDED = (pb.PHASE_COMPLETED, pb.PHASE_COMPLETED_WITH_ERRORS, pb.PHASE_FAILED, pb.PHASE_CANCELLED)


def sample_csv(rows):
    lines = ["id,email,age,name"]
    for row in range(1, rows + 1):
        email = f"broken-{row}" if row % 97 == 0 else f"user{row}@example.com"
        lines.append(f'{row},{email},{20 + row % 50},"Name, {row}"')
    return ("\n".join(lines) + "\n").encode()


def main():
    server_port, target_port = int(sys.argv[1]), int(sys.argv[2])
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000
    stub = pbg.UploadMonitorStub(grpc.insecure_channel(f"127.0.0.1:{server_port}"))
    spec = pb.UploadSpec(
        name="demo", target=pb.TargetSpec(url=f"http://127.0.0.1:{target_port}/rows", batch_size=100, concurrency=8,
                                          timeout_ms=2000, max_attempts=3))
    spec.mapping.extend([
        pb.FieldMapping(column="id", field="id", type=pb.FIELD_TYPE_INTEGER, required=True),
        pb.FieldMapping(column="email", field="email", type=pb.FIELD_TYPE_EMAIL, required=True),
        pb.FieldMapping(column="age", field="age", type=pb.FIELD_TYPE_INTEGER),
        pb.FieldMapping(column="name", field="name", type=pb.FIELD_TYPE_STRING),
    ])
    data = sample_csv(rows)
    chunks = [pb.UploadChunk(spec=spec)] + [pb.UploadChunk(csv_data=data[i:i + 65536]) for i in range(0, len(data), 65536)]
    upload = stub.StartUpload(iter(chunks), timeout=60)
    print(f"upload {upload.upload_id} started: {rows:,} rows")
    while True:
        current = stub.GetUpload(pb.GetUploadRequest(upload_id=upload.upload_id), timeout=10)
        p = current.progress
        print(f"  {pb.Phase.Name(current.phase):28s} {p.processed_rows:>7,}/{p.total_rows:,} rows  "
              f"ok {p.succeeded_rows:,}  failed {p.failed_rows:,}  {p.percentage:5.1f}%", flush=True)
        if current.phase in ENDED:
            break
        time.sleep(0.5)
    print(f"done: {pb.Phase.Name(current.phase)}")


if __name__ == "__main__":
    main()
