"""A local SMTP sink for tests: every message is written to DIR as <nanos>-<n>.eml."""
import os
import signal
import sys
import time

from aiosmtpd.controller import Controller


class Handler:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        Handler.count += 1
        name = f"{time.time_ns()}-{Handler.count}.eml"
        tmp = os.path.join(OUT, "." + name)
        with open(tmp, "wb") as f:
            f.write(envelope.original_content)
        os.rename(tmp, os.path.join(OUT, name))  # readers never see half a message
        return "250 OK"


if __name__ == "__main__":
    OUT, PORT = sys.argv[1], int(sys.argv[2])
    os.makedirs(OUT, exist_ok=True)
    controller = Controller(Handler(), hostname="127.0.0.1", port=PORT)
    controller.start()
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()
