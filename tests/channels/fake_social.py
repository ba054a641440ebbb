"""A local stand-in for the parts of the Telegram Bot API, the VK API and the OK API that the
portal uses, on loopback, recording every request; scripted answers give the errors (flood
limits, bad tokens, a server error page, an answer that never comes in time)."""

import contextlib
import hashlib
import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

TELEGRAM_TOKEN = "123456:telegram-secret-TGTK"
VK_TOKEN = "vk1.a.secret-VKTK"
OK_TOKEN = "ok-secret-OKTK"
OK_APP_KEY = "CBAFAKEKEY"
OK_APP_SECRET = "ok-app-secret"


@dataclass
class Request:
    network: str
    method: str
    fields: dict
    files: dict = field(default_factory=dict)  # name -> bytes
    path: str = ""


class Hang:
    """A scripted answer that comes only after ``seconds`` (past the client's read timeout)."""

    def __init__(self, seconds):
        self.seconds = seconds


class Page:
    """A scripted non-JSON answer with an HTTP status (a proxy's error page)."""

    def __init__(self, status, body=b"<html>502 Bad Gateway</html>"):
        self.status, self.body = status, body


def _parse(handler) -> tuple[dict, dict]:
    length = int(handler.headers.get("Content-Length") or 0)
    body = handler.rfile.read(length)
    ctype = handler.headers.get("Content-Type", "")
    if ctype.startswith("multipart/form-data"):
        message = BytesParser(policy=default_policy).parsebytes(
            b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body
        )
        fields, files = {}, {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if part.get_filename():
                files[name] = payload
            else:
                fields[name] = payload.decode()
        return fields, files
    return dict(parse_qsl(body.decode(), keep_blank_values=True)), {}


class FakeSocial:
    def __init__(self):
        self.requests: list[Request] = []
        self.scripted = defaultdict(deque)  # (network, method) -> answers
        self.ids = itertools.count(101)
        self.messages = {}  # Telegram message id -> its fields
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def script(self, network, method, *answers):
        """The next answers to ``method`` of ``network``: a dict (JSON), a ``Page``, a ``Hang``."""
        self.scripted[(network, method)].extend(answers)

    def calls(self, network, method=None):
        return [r for r in self.requests if r.network == network and method in (None, r.method)]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                fields, files = _parse(self)
                network, method = fake.route(self.path)
                with fake.lock:
                    fake.requests.append(Request(network, method, fields, files, self.path))
                    scripted = fake.scripted[(network, method)]
                    answer = scripted.popleft() if scripted else None
                if isinstance(answer, Hang):
                    time.sleep(answer.seconds)
                    answer = None
                if isinstance(answer, Page):
                    return self.send(answer.status, answer.body, "text/html")
                if answer is None:
                    answer = fake.answer(network, method, fields, files, self.path)
                status = 200
                if network == "telegram" and not answer.get("ok", True):
                    status = answer.get("error_code", 400)
                self.send(status, json.dumps(answer).encode(), "application/json")

            def send(self, status, body, ctype):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        return Handler

    @staticmethod
    def route(path):
        parts = path.strip("/").split("/")
        if parts[0] == "tg":
            return "telegram", parts[-1]
        if parts[0] == "vk-upload":
            return "vk", "upload"
        if parts[0] == "vk":
            return "vk", parts[-1]
        return "ok", "fb.do"

    def answer(self, network, method, fields, files, path):
        return getattr(self, f"_{network}")(method, fields, files, path)

    def _telegram(self, method, fields, files, path):
        if path.split("/")[2] != f"bot{TELEGRAM_TOKEN}":
            return {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if method == "sendPhoto":
            if "photo" not in files:
                return {"ok": False, "error_code": 400, "description": "Bad Request: no photo"}
            if len(fields.get("caption", "")) > 1024:
                return {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: message caption is too long",
                }
        if method == "sendMessage" and len(fields.get("text", "")) > 4096:
            return {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: message is too long",
            }
        if method in ("sendPhoto", "sendMessage"):
            message_id = next(self.ids)
            self.messages[message_id] = fields
            return {"ok": True, "result": {"message_id": message_id, "chat": {"type": "channel"}}}
        if method in ("editMessageCaption", "editMessageText", "deleteMessage"):
            if int(fields.get("message_id", 0)) not in self.messages:
                return {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: message to edit not found",
                }
            if method == "deleteMessage":
                del self.messages[int(fields["message_id"])]
                return {"ok": True, "result": True}
            return {"ok": True, "result": {"message_id": int(fields["message_id"])}}
        return {"ok": False, "error_code": 404, "description": "Not Found"}

    def _vk(self, method, fields, files, path):
        if method == "upload":
            if "photo" not in files:
                return {"error": "no photo"}
            return {"server": 7, "photo": '[{"photo":"abc"}]', "hash": "h4sh"}
        if fields.get("access_token") != VK_TOKEN:
            return {"error": {"error_code": 5, "error_msg": "User authorization failed"}}
        if fields.get("v") != "5.199":
            return {"error": {"error_code": 8, "error_msg": "Invalid request: version"}}
        if method == "photos.getWallUploadServer":
            return {
                "response": {"upload_url": f"{self.url}/vk-upload/?group={fields['group_id']}"}
            }
        if method == "photos.saveWallPhoto":
            return {"response": [{"id": 555, "owner_id": -int(fields["group_id"])}]}
        if method == "wall.post":
            return {"response": {"post_id": next(self.ids)}}
        if method == "wall.edit":
            return {"response": {"post_id": int(fields["post_id"])}}
        if method == "wall.delete":
            return {"response": 1}
        return {"error": {"error_code": 3, "error_msg": "Unknown method passed"}}

    def _ok(self, method, fields, files, path):
        if fields.get("access_token") != OK_TOKEN:
            return {"error_code": 102, "error_msg": "PARAM_SESSION_EXPIRED : Session expired"}
        signed = {k: v for k, v in fields.items() if k not in ("sig", "access_token")}
        secret = hashlib.md5((OK_TOKEN + OK_APP_SECRET).encode()).hexdigest()
        pairs = "".join(f"{k}={signed[k]}" for k in sorted(signed))
        if hashlib.md5((pairs + secret).encode()).hexdigest() != fields.get("sig"):
            return {"error_code": 104, "error_msg": "PARAM_SIGNATURE : Invalid signature"}
        if fields.get("method") == "mediatopic.post":
            return str(next(self.ids) * 1000)
        return {"error_code": 3, "error_msg": "METHOD : Method is unknown"}
