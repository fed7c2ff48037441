"""pytest helper around smtp_server.py: start it on a free port, read what it received, stop it.

    smtp = start_smtp(tmp_path, "accept")
    ... configure reportd with 127.0.0.1:smtp.port, send a report ...
    [msg] = smtp.wait_for(1)
    assert msg.rcpt_tos == ["alice@example.com"]
    smtp.stop()
"""
import email
import email.policy
import json
import os
import pathlib
import subprocess
import time

SERVER = pathlib.Path(__file__).with_name("smtp_server.py")
# aiosmtpd comes from Debian (python3-aiosmtpd); a pyenv interpreter on PATH lacks it.
PYTHON = "/usr/bin/python3"


class SmtpServer:
    def __init__(self, process, port, maildir):
        self.process = process
        self.port = port
        self.maildir = pathlib.Path(maildir)

    def messages(self):
        """Accepted messages in arrival order, as EmailMessage objects carrying their
        envelope in .mail_from and .rcpt_tos."""
        emls = sorted(self.maildir.glob("*.eml"), key=lambda p: int(p.stem))
        out = []
        for eml in emls:
            msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
            envelope = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
            msg.mail_from = envelope["mail_from"]
            msg.rcpt_tos = envelope["rcpt_tos"]
            out.append(msg)
        return out

    def wait_for(self, count, timeout=30.0):
        """The messages once at least `count` arrived; raises TimeoutError otherwise."""
        end = time.monotonic() + timeout
        while True:
            found = self.messages()
            if len(found) >= count:
                return found
            if time.monotonic() > end:
                raise TimeoutError(f"{len(found)} of {count} messages arrived in {timeout} s")
            time.sleep(0.05)

    def seen(self):
        """How many message bodies (DATA) the server read, whatever it answered."""
        return len(list((self.maildir / "seen").glob("*.eml")))

    def wait_seen(self, count, timeout=30.0):
        """Waits until the server read at least `count` DATA bodies; returns how many."""
        end = time.monotonic() + timeout
        while self.seen() < count:
            if time.monotonic() > end:
                raise TimeoutError(f"{self.seen()} of {count} DATA bodies read in {timeout} s")
            time.sleep(0.05)
        return self.seen()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def start_smtp(tmpdir, mode="accept", delay=None):
    """Starts the test server in `mode` (see smtp_server.py; `delay` in seconds for "slow"),
    storing mail under <tmpdir>/maildir-<n>."""
    base = pathlib.Path(tmpdir)
    n = 0
    while (base / f"maildir-{n}").exists():
        n += 1
    maildir = base / f"maildir-{n}"
    process = subprocess.Popen(
        [PYTHON, str(SERVER), "--port", "0", "--mode", mode, "--maildir", str(maildir)]
        + ([] if delay is None else ["--delay", str(delay)]),
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    line = process.stdout.readline().strip()
    if not line.startswith("PORT "):
        process.kill()
        process.wait()
        raise RuntimeError(f"smtp_server.py did not start (said {line!r})")
    return SmtpServer(process, int(line.split()[1]), maildir)
