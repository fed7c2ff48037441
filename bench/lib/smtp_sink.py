#!/usr/bin/python3
"""A fast SMTP sink for the send scenario: speaks just enough SMTP (EHLO, MAIL, RCPT, DATA,
RSET, NOOP, QUIT) to accept every message and throw it away, counting them. asyncio only,
so the sink costs far less than reportd's rendering. Prints "PORT n" once listening; on
SIGTERM prints "MESSAGES n" and exits. With --log FILE it also appends one line per message,
"<unix time> <Subject>", flushed at once (the exactly-once scenario counts subjects there)."""
import argparse
import asyncio
import re
import signal
import sys
import time

messages = 0
log = None
SUBJECT = re.compile(rb"^Subject:[ \t]*(.*(?:\r\n[ \t].*)*)", re.I | re.M)


def note(data):
    """One log line for a message: its arrival time and its Subject (folded lines joined)."""
    head = data.split(b"\r\n\r\n", 1)[0]
    m = SUBJECT.search(head)
    subject = re.sub(rb"\r\n[ \t]+", b" ", m.group(1)).decode("utf-8", "replace") if m else ""
    log.write(f"{time.time():.3f} {subject}\n")
    log.flush()


async def session(reader, writer):
    global messages
    writer.write(b"220 bench-sink ESMTP\r\n")
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                writer.write(b"250-bench-sink\r\n250-8BITMIME\r\n250-SIZE 104857600\r\n250 OK\r\n")
            elif verb == b"DATA":
                writer.write(b"354 go ahead\r\n")
                await writer.drain()
                data = await reader.readuntil(b"\r\n.\r\n")
                messages += 1
                if log:
                    note(data)
                writer.write(b"250 OK queued\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:  # MAIL, RCPT, RSET, NOOP
                writer.write(b"250 OK\r\n")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def main(port):
    server = await asyncio.start_server(session, "127.0.0.1", port, limit=64 << 20)
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()
    print("MESSAGES", messages, flush=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--log", help="append '<unix time> <Subject>' per message to this file")
    args = ap.parse_args()
    if args.log:
        log = open(args.log, "a", encoding="utf-8")
    asyncio.run(main(args.port))
    sys.exit(0)
