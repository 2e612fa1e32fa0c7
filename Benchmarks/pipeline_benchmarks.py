"""Pipeline benchmarks: CSV reading against Python's csv module, and rows/s end to end.

1. CSV read: a generated file of BENCH_CSV_MB megabytes (default 1024) with quoted fields,
   embedded commas and quotes, read by our reader (CSVReadBench) and by Python's csv.reader,
   alternating, BENCH_ROUNDS times; medians in MB/s.
2. End to end: BENCH_ROWS rows (default 1,000,000) uploaded through `upmon serve` into
   `upmon demo-target` (no faults), batch 100, concurrency 8; rows/s from StartUpload until the
   upload ends, and the server's peak RSS (VmHWM).
Both `upmon` processes are release builds. Results are printed and appended to RESULTS.latest.md.
"""
import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, ".build", "pygen"))
import grpc  # noqa: E402
from uploadmonitor.v1 import upload_monitor_pb2 as pb, upload_monitor_pb2_grpc as pbg  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CSV_MB = int(os.environ.get("BENCH_CSV_MB", "1024"))
ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
UPMON = os.path.join(HERE, ".build/release/upmon")
READER = os.path.join(HERE, ".build/release/CSVReadBench")


def generate_csv(path, megabytes):
    line = 0
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "name", "email", "note", "amount"])
        while f.tell() < megabytes * 1024 * 1024:
            rows = [[i, f"Name {i}, Jr.", f"user{i}@example.com", 'said "hi"' if i % 3 else "plain", i * 0.5]
                    for i in range(line, line + 10000)]
            writer.writerows(rows)
            line += 10000
    return line


def python_read(path):
    started = time.perf_counter()
    rows = 0
    with open(path, newline="", encoding="utf-8") as f:
        for _ in csv.reader(f):
            rows += 1
    return time.perf_counter() - started, rows - 1


def swift_read(path):
    output = subprocess.run(["taskset", "-c", "0", READER, path], capture_output=True, text=True, check=True).stdout
    rows, _, seconds = output.split()
    return float(seconds), int(rows)


def csv_benchmark(directory):
    path = os.path.join(directory, "big.csv")
    generate_csv(path, CSV_MB)
    size_mb = os.path.getsize(path) / 1024 / 1024
    results = {"upmon": [], "python csv": []}
    for _ in range(ROUNDS):
        for name, reader in (("upmon", swift_read), ("python csv", lambda p: subprocess_python(p))):
            seconds, rows = reader(path)
            results[name].append(size_mb / seconds)
            print(f"{name:11s} read {size_mb:.0f} MB ({rows:,} rows) at {size_mb / seconds:.0f} MB/s", flush=True)
    os.remove(path)
    ours = statistics.median(results["upmon"])
    peer = statistics.median(results["python csv"])
    return [f"| CSV read, {size_mb:.0f} MB file | upmon {ours:.0f} MB/s | Python csv {peer:.0f} MB/s | {ours / peer:.2f}x |"]


def subprocess_python(path):
    code = ("import sys,time,csv\nt=time.perf_counter();n=0\n"
            "f=open(sys.argv[1],newline='',encoding='utf-8')\nfor _ in csv.reader(f): n+=1\n"
            "print(time.perf_counter()-t, n-1)")
    output = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", code, path], capture_output=True, text=True,
                            check=True).stdout
    seconds, rows = output.split()
    return float(seconds), int(rows)


def start(arguments, log):
    process = subprocess.Popen([UPMON, *arguments], stdout=subprocess.PIPE, stderr=log, text=True)
    line = process.stdout.readline()
    port = int(re.search(r":(\d+)\s*$", line).group(1))
    return process, port


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def end_to_end_benchmark(directory):
    source = os.path.join(directory, "rows.csv")
    with open(source, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "email", "amount"])
        writer.writerows([i, f"user{i}@example.com", i % 1000] for i in range(1, ROWS + 1))
    log = open(os.path.join(directory, "log.txt"), "w")
    target, target_port = start(["demo-target", "--port", "0"], log)
    server, port = start(["serve", "--port", "0", "--data-dir", os.path.join(directory, "data"), "--log-level", "warning"], log)
    try:
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        stub = pbg.UploadMonitorStub(channel)
        spec = pb.UploadSpec(name="bench", target=pb.TargetSpec(url=f"http://127.0.0.1:{target_port}/rows",
                                                                batch_size=100, concurrency=8))
        mapping = [pb.FieldMapping(column="id", field="id", type=pb.FIELD_TYPE_INTEGER),
                   pb.FieldMapping(column="email", field="email", type=pb.FIELD_TYPE_EMAIL),
                   pb.FieldMapping(column="amount", field="amount", type=pb.FIELD_TYPE_NUMBER)]
        spec.mapping.extend(mapping)

        def chunks():
            yield pb.UploadChunk(spec=spec)
            with open(source, "rb") as f:
                while block := f.read(1 << 20):
                    yield pb.UploadChunk(csv_data=block)

        started = time.perf_counter()
        upload = stub.StartUpload(chunks(), timeout=600)
        while True:
            current = stub.GetUpload(pb.GetUploadRequest(upload_id=upload.upload_id), timeout=10)
            if current.phase in (pb.PHASE_COMPLETED, pb.PHASE_COMPLETED_WITH_ERRORS, pb.PHASE_FAILED, pb.PHASE_CANCELLED):
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        rss = peak_rss_mb(server.pid)
        rate = current.progress.succeeded_rows / elapsed
        print(f"end to end: {current.progress.succeeded_rows:,} rows in {elapsed:.1f} s = {rate:,.0f} rows/s, "
              f"phase {pb.Phase.Name(current.phase)}, server peak RSS {rss:.0f} MB", flush=True)
        return [f"| end to end, {ROWS:,} rows, batch 100, concurrency 8 | {rate:,.0f} rows/s | server peak RSS {rss:.0f} MB | |"]
    finally:
        for process in (server, target):
            process.terminate()
            process.wait()
        log.close()


def main():
    directory = tempfile.mkdtemp(dir=os.environ.get("BENCH_TMP"))
    try:
        lines = csv_benchmark(directory) + end_to_end_benchmark(directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    table = "\n".join(["| pipeline benchmark | ours | peer / memory | ratio |", "|---|---|---|---|", *lines])
    print("\n" + table)
    with open(os.path.join(HERE, "RESULTS.latest.md"), "a") as f:
        f.write(f"\n{table}\n")


if __name__ == "__main__":
    main()
