"""Runs the RPC benchmarks: our server against grpc-swift-2 and grpcio, in the same run.

Each server is pinned to core 0 and h2load (`-t 1`) to core 1. Scenarios alternate between the
servers for several rounds; medians and ratios (ours / peer) are printed and written to
RESULTS.md. CPU per call comes from the server's utime+stime over the measured run; peak RSS from
VmHWM.
"""
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, ".build", "pygen"))
from uploadmonitor.v1 import upload_monitor_pb2 as pb  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SERVERS = {
    "upmon": [os.path.join(HERE, ".build/release/UpmonBenchServer"), "0"],
    "grpc-swift-2": [os.path.join(HERE, ".build/release/GRPCSwiftBenchServer"), "0"],
    "grpcio": [os.path.join(ROOT, ".venv/bin/python"), os.path.join(HERE, "grpcio_bench_server.py"), "0"],
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def framed(message):
    body = message.SerializeToString()
    return b"\0" + len(body).to_bytes(4, "big") + body


def write_payloads(directory):
    payloads = {
        "unary": framed(pb.GetProgressRequest(upload_id="upl_0123456789abcd")),
        "stream100k": framed(pb.WatchRequest(upload_id="upl_0123456789abcd", resume_after_sequence=100_000)),
        "stream100": framed(pb.WatchRequest(upload_id="upl_0123456789abcd", resume_after_sequence=100)),
    }
    paths = {}
    for name, data in payloads.items():
        paths[name] = os.path.join(directory, f"{name}.bin")
        with open(paths[name], "wb") as f:
            f.write(data)
    return paths


class Server:
    def __init__(self, name):
        env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, ".build", "pygen"))
        self.process = subprocess.Popen(["taskset", "-c", "0", *SERVERS[name]], stdout=subprocess.PIPE, env=env,
                                        text=True)
        line = self.process.stdout.readline()
        match = re.match(r"PORT (\d+)", line)
        if not match:
            raise RuntimeError(f"{name} did not start: {line!r}")
        self.port = int(match.group(1))

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def peak_rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def h2load(port, payload, path, *, clients, streams, requests=None, duration=None, warmup=None):
    command = ["taskset", "-c", "1", "h2load", "-t", "1", "-c", str(clients), "-m", str(streams),
               "-d", payload, "-H", "content-type: application/grpc", "-H", "te: trailers"]
    if duration:
        command += ["-D", str(duration)]
        if warmup:
            command += ["--warm-up-time", str(warmup)]
    else:
        command += ["-n", str(requests)]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(command, capture_output=True, text=True, timeout=300).stdout
    finished = re.search(r"finished in ([\d.]+)(m?s), ([\d.]+) req/s", output)
    done = re.search(r"requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded", output)
    status = re.search(r"status codes: (\d+) 2xx", output)
    if not finished or not done:
        raise RuntimeError(f"h2load output not understood:\n{output}")
    seconds = float(finished.group(1)) / (1000 if finished.group(2) == "ms" else 1)
    return {"seconds": seconds, "rps": float(finished.group(3)), "succeeded": int(done.group(2)),
            "status2xx": int(status.group(1)) if status else 0}


SCENARIOS = [
    ("unary, 512 in flight (16 conns x 32 streams), req/s", "unary", "/bench.v1.Bench/Unary",
     dict(clients=16, streams=32, duration=10, warmup=2), "rps", 1),
    ("unary, 1 in flight, req/s", "unary", "/bench.v1.Bench/Unary",
     dict(clients=1, streams=1, duration=10, warmup=2), "rps", 1),
    ("one stream of 100,000 messages, msgs/s", "stream100k", "/bench.v1.Bench/Stream",
     dict(clients=1, streams=1, requests=1), "msgs", 100_000),
    ("1,000 streams x 100 messages (10 conns x 100 streams), msgs/s", "stream100", "/bench.v1.Bench/Stream",
     dict(clients=10, streams=100, requests=1000), "msgs", 100),
]


def main():
    with tempfile.TemporaryDirectory() as directory:
        payloads = write_payloads(directory)
        results = {}  # (scenario, server) -> list of (value, cpu_us_per_call, peak_rss)
        for round_number in range(ROUNDS):
            for title, payload, path, options, kind, per_request in SCENARIOS:
                order = list(SERVERS) if round_number % 2 == 0 else list(reversed(SERVERS))
                for name in order:
                    server = Server(name)
                    try:
                        cpu_before = server.cpu_seconds()
                        run = h2load(server.port, payloads[payload], path, **options)
                        cpu = server.cpu_seconds() - cpu_before
                        units = max(run["succeeded"], 1) * per_request
                        value = run["rps"] if kind == "rps" else units / run["seconds"]
                        results.setdefault((title, name), []).append((value, cpu / units * 1e6, server.peak_rss_mb()))
                        print(f"round {round_number + 1} {name:13s} {title}: {value:,.0f} "
                              f"({cpu / units * 1e6:.2f} us CPU per call or message, {run['status2xx']} 2xx)",
                              flush=True)
                    finally:
                        server.stop()
        report(results)


def report(results):
    lines = ["| scenario | server | median | server CPU us per call (unary) or message (streams) | peak RSS MB "
             "| upmon / server |", "|---|---|---|---|---|---|"]
    for title, *_ in SCENARIOS:
        ours = statistics.median(v for v, _, _ in results[(title, "upmon")])
        for name in SERVERS:
            values = results[(title, name)]
            median = statistics.median(v for v, _, _ in values)
            cpu = statistics.median(c for _, c, _ in values)
            rss = max(r for _, _, r in values)
            lines.append(f"| {title} | {name} | {median:,.0f} | {cpu:.2f} | {rss:.0f} | {ours / median:.2f}x |")
    table = "\n".join(lines)
    print("\n" + table)
    with open(os.path.join(HERE, "RESULTS.latest.md"), "w") as f:
        f.write(f"Run {time.strftime('%Y-%m-%d %H:%M')} UTC, {ROUNDS} rounds, medians.\n\n{table}\n")


if __name__ == "__main__":
    main()
