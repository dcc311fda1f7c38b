#!/usr/bin/env python3
"""Live-availability benchmark: N Server-Sent-Event watchers of one event on one gateway during a stream of reserves.

For each reserve answered 201 (with Prefer: wait, so its batch is committed), it records how long each watcher took
to see a document whose `held` counts it. Prints p50/p99/max of that delay, and the gateway's CPU seconds with and
without the watchers (read from /proc/<pid>/stat).

    python3 tools/scripts/sse_watchers.py --url http://127.0.0.1:8080 --admin-token T --watchers 1000 \\
        --reserves 2000 --gateway-pid $(cat .holdfast/run/api-gateway.pid)
"""
import argparse, asyncio, json, os, time, urllib.request


def call(url, method="GET", token=None, body=None, headers=None):
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, json.loads(response.read() or b"null")


def cpu_seconds(pid):
    if not pid:
        return 0.0
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def watch(host, port, event_id, seen, ready):
    """Reads the stream (chunked transfer encoding) and records when each availability message arrived."""
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET /api/events/{event_id}/stream HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
                 .encode())
    await writer.drain()
    while (await reader.readline()) not in (b"\r\n", b""):
        pass  # response headers
    buffer = b""
    first = True
    while True:
        size = int((await reader.readline()).strip() or b"0", 16)
        if size == 0:
            return
        buffer += await reader.readexactly(size)
        await reader.readline()
        while b"\n\n" in buffer:
            message, buffer = buffer.split(b"\n\n", 1)
            data = b"".join(line[5:] for line in message.split(b"\n") if line.startswith(b"data:"))
            if data:
                seen.append((time.monotonic(), json.loads(data)["held"]))
                if first:
                    first = False
                    ready.release()


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--admin-token", default=os.environ.get("HOLDFAST_ADMIN_TOKEN"))
    parser.add_argument("--watchers", type=int, default=1000)
    parser.add_argument("--reserves", type=int, default=2000)
    parser.add_argument("--gateway-pid", type=int)
    args = parser.parse_args()
    host, port = args.url.split("//")[1].split(":")
    port = int(port)
    _, event = call(args.url + "/api/events", "POST", args.admin_token, {"name": "Watched sale", "capacity": 1000000})
    _, user = call(args.url + "/api/users", "POST", args.admin_token, {"name": "watched-buyer"})
    loop = asyncio.get_running_loop()

    async def reserves(count):
        done = []
        for _ in range(count):
            await loop.run_in_executor(None, lambda: call(args.url + f"/api/events/{event['id']}/reservations",
                                                         "POST", user["token"], {}, {"Prefer": "wait=10"}))
            done.append(time.monotonic())
        return done

    cpu0 = cpu_seconds(args.gateway_pid)
    baseline = await reserves(args.reserves)
    cpu_without = (cpu_seconds(args.gateway_pid) - cpu0) / len(baseline)

    seen = [[] for _ in range(args.watchers)]
    ready = asyncio.Semaphore(0)
    tasks = [asyncio.create_task(watch(host, port, event["id"], seen[i], ready)) for i in range(args.watchers)]
    for _ in range(args.watchers):
        await ready.acquire()
    start_held = len(baseline)
    cpu1 = cpu_seconds(args.gateway_pid)
    committed = await reserves(args.reserves)
    cpu_with = (cpu_seconds(args.gateway_pid) - cpu1) / len(committed)
    await asyncio.sleep(1)
    delays = []
    for watcher in seen:
        index = 0
        for number, at in enumerate(committed, start=start_held + 1):
            while index < len(watcher) and watcher[index][1] < number:
                index += 1
            if index == len(watcher):
                break
            delays.append(max(0.0, watcher[index][0] - at))
    for task in tasks:
        task.cancel()
    delays.sort()
    pick = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))] * 1000
    messages = sum(len(w) for w in seen)
    print(f"watchers {args.watchers}, reserves {len(committed)}, messages received {messages}")
    print(f"delay from commit to watcher: p50 {pick(0.5):.0f} ms, p99 {pick(0.99):.0f} ms, max {delays[-1]*1000:.0f} ms")
    if args.gateway_pid:
        print(f"gateway CPU per reserve (same reserves, one after another): {cpu_without*1e3:.2f} ms without"
              f" watchers, {cpu_with*1e3:.2f} ms with {args.watchers}; the watchers' share:"
              f" {(cpu_with-cpu_without)*len(committed):.1f} CPU-s for {messages} messages"
              f" ({(cpu_with-cpu_without)*len(committed)/max(1,messages)*1e6:.0f} µs per message)")


asyncio.run(main())
