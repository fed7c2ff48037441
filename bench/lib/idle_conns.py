#!/usr/bin/python3
"""Holds N idle keep-alive connections to reportd: each connection sends one GET with
keep-alive, reads the answer, then stays open doing nothing. Prints "READY opened ok" when
all are open; on SIGTERM prints "HELD still_open closed_by_server failed" and exits.
The caller raises `ulimit -n` first."""
import argparse
import asyncio
import signal

state = {"opened": 0, "ok": 0, "failed": 0, "settled": 0}


async def hold(port, request, stop):
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        state["failed"] += 1
        state["settled"] += 1
        return "failed"
    state["opened"] += 1
    settled = False
    try:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        await reader.readexactly(length)
        if head.startswith(b"HTTP/1.1 2"):
            state["ok"] += 1
        settled = True
        state["settled"] += 1
        # Idle until told to stop; an EOF first means the server dropped us.
        eof = asyncio.ensure_future(reader.read(1))
        done, _ = await asyncio.wait({eof, asyncio.ensure_future(stop.wait())},
                                     return_when=asyncio.FIRST_COMPLETED)
        return "open" if eof not in done else "closed"
    except (OSError, asyncio.IncompleteReadError, ValueError):
        return "closed"
    finally:
        if not settled:
            state["settled"] += 1
        writer.close()


async def main(args):
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    request = (f"GET {args.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               f"Authorization: {args.auth}\r\nConnection: keep-alive\r\n\r\n").encode()
    tasks = []
    for i in range(args.count):
        tasks.append(asyncio.ensure_future(hold(args.port, request, stop)))
        if i % 200 == 199:  # open in waves so the listener's backlog never overflows
            await asyncio.sleep(0.02)
    while state["settled"] < args.count:
        await asyncio.sleep(0.05)
    print("READY", state["opened"], state["ok"], flush=True)
    results = await asyncio.gather(*tasks)
    print("HELD", results.count("open"), results.count("closed"), results.count("failed"), flush=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--path", default="/api/reports/1")
    ap.add_argument("--auth", default="")
    asyncio.run(main(ap.parse_args()))
