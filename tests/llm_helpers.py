"""A fake OpenAI-compatible model server on the loopback interface, for the llm extractor's tests.

Each request takes the next scripted reply; what was asked is kept in `requests`. A reply of `HANG`
holds the request until the test ends (`release`), so a client timeout is tested without a sleep.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HANG = "hang"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def completion(content: str, tokens: int = 120) -> Reply:
    """A chat completion whose message is `content`."""
    body = {"id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "fake-model",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": tokens - 20, "completion_tokens": 20, "total_tokens": tokens}}
    return Reply(body=json.dumps(body).encode())


def claims(*items: dict[str, Any], tokens: int = 120) -> Reply:
    return completion(json.dumps({"claims": list(items)}), tokens)


def error(status: int, message: str, **headers: str) -> Reply:
    return Reply(status, json.dumps({"error": {"message": message}}).encode(), headers)


class FakeModel:
    def __init__(self) -> None:
        self.replies: list[Reply | str] = []
        self.requests: list[dict[str, Any]] = []
        self.release = threading.Event()
        self.arrived = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                fake.requests.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
                reply = fake.replies.pop(0) if fake.replies else error(500, "no reply scripted")
                fake.arrived.set()
                if reply == HANG:
                    fake.release.wait()
                    return
                assert isinstance(reply, Reply)
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply.body)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading a huge answer, as it should

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> FakeModel:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
