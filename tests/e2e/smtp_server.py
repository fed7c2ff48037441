#!/usr/bin/python3
"""A test SMTP server (aiosmtpd) that stores what it accepts and can misbehave on purpose.

Run it with Debian's /usr/bin/python3 (python3-aiosmtpd), not a pyenv interpreter:

    /usr/bin/python3 tests/e2e/smtp_server.py --port 0 --mode accept --maildir /tmp/mail

--port 0 picks a free port and prints "PORT <n>" on stdout. Modes:
  accept         store every message
  tempfail-once  answer the first DATA with 451, then accept
  reject         answer every DATA with 550
  stall          accept the connection but never answer the DATA
  slow           answer the DATA of a message to a recipient starting with "slow" only after
                 --delay seconds (storing it then, if the client still waits); others at once
  drop-after-data  read the whole message, then close the connection without a reply
  reject-rcpt    refuse every recipient with "550 5.1.1 no such user"
  tempfail       answer every DATA with "451 4.3.0 try again later"
Every DATA the server reads (whatever it answers) is also written to <maildir>/seen/<n>.eml,
so a test can count attempts, not only accepted messages.
Each accepted message is written to the maildir as <n>.eml (the bytes as received) with an
envelope sidecar <n>.json ({"mail_from": ..., "rcpt_tos": [...], "peer": [host, port]};
the peer tells which messages shared one SMTP connection). SIGTERM ends it cleanly.
"""
import argparse
import asyncio
import json
import os
import signal
import sys

from aiosmtpd.smtp import SMTP

MODES = ("accept", "tempfail-once", "reject", "stall", "slow", "drop-after-data", "reject-rcpt",
         "tempfail")


class Handler:
    def __init__(self, mode, maildir, delay):
        self.mode = mode
        self.maildir = maildir
        self.delay = delay
        self.accepted = 0
        self.data_seen = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "reject-rcpt":
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_seen += 1
        self.note_seen(envelope)
        if self.mode == "reject":
            return "550 5.7.1 rejected"
        if self.mode == "tempfail" or (self.mode == "tempfail-once" and self.data_seen == 1):
            return "451 4.3.0 try again later"
        if self.mode == "stall":
            await asyncio.sleep(24 * 3600)  # cancelled at shutdown
        if self.mode == "drop-after-data":
            server.transport.close()
            await asyncio.sleep(24 * 3600)  # cancelled by aiosmtpd when the connection is lost
        if self.mode == "slow" and any(r.startswith("slow") for r in envelope.rcpt_tos):
            # aiosmtpd cancels this handler when the client hangs up, so a message whose
            # client gave up before the reply is never stored (RFC 5321: no 250, no delivery).
            await asyncio.sleep(self.delay)
        self.store(session, envelope)
        return "250 OK"

    def note_seen(self, envelope):
        seen = os.path.join(self.maildir, "seen")
        os.makedirs(seen, exist_ok=True)
        path = os.path.join(seen, str(self.data_seen) + ".eml")
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content or b"")
        os.replace(path + ".tmp", path)

    def store(self, session, envelope):
        self.accepted += 1
        base = os.path.join(self.maildir, str(self.accepted))
        sidecar = {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos),
                   "peer": list(session.peer)}
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump(sidecar, f)
        # Written under a temp name and renamed, so a reader listing *.eml sees whole files.
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or b"")
        os.replace(base + ".eml.tmp", base + ".eml")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--mode", choices=MODES, default="accept")
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--delay", type=float, default=5.0, help="seconds, for --mode slow")
    return parser.parse_args(argv)


async def serve(args):
    os.makedirs(args.maildir, exist_ok=True)
    handler = Handler(args.mode, args.maildir, args.delay)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="reportd-test-smtp", enable_SMTPUTF8=True),
        host=args.host, port=args.port)
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()
    # Stalled sessions still hold tasks; cancel them so shutdown is quiet and prompt.
    pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    await server.wait_closed()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(serve(args))
    finally:
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
