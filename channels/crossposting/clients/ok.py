"""OK API (``fb.do``): ``mediatopic.post`` in the group, a text and the article's link (OK
shows the link's preview with the page's Open Graph image). Requests are signed: ``sig`` is
the MD5 of the sorted ``key=value`` pairs followed by MD5(access_token + application secret).
Editing and deleting a topic are not used: the editor does that in OK."""

import hashlib
import json

from django.conf import settings
from django.utils.translation import gettext as _

from channels.crossposting.clients import (
    ChannelError,
    Draft,
    Failure,
    Remote,
    bad_token,
    call,
    json_of,
)

LIMIT = 4_000  # kept well below what a topic holds
TOKEN_ERRORS = {10, 102, 103, 104}  # permission denied, session expired or bad, bad signature
RETRY_ERRORS = {1, 2, 8}  # unknown, service unavailable, flood
FLOOD = 8


def signature(params: dict, access_token: str, app_secret: str) -> str:
    secret = hashlib.md5((access_token + app_secret).encode()).hexdigest()
    pairs = "".join(f"{key}={params[key]}" for key in sorted(params))
    return hashlib.md5((pairs + secret).encode()).hexdigest()


class OKClient:
    def __init__(self, token: str, group_id: str, application_key: str, app_secret: str):
        self.token, self.group_id = token, group_id
        self.application_key, self.app_secret = application_key, app_secret

    def _call(self, method: str, *, creates=False, **params):
        params = {**params, "method": method, "application_key": self.application_key}
        params["format"] = "json"
        data = {
            **params,
            "sig": signature(params, self.token, self.app_secret),
            "access_token": self.token,
        }
        answer = json_of(call("POST", settings.CROSSPOST_OK_API_URL, creates=creates, data=data))
        if isinstance(answer, dict) and "error_code" in answer:
            code = answer.get("error_code")
            if code in TOKEN_ERRORS:
                raise bad_token()
            if code in RETRY_ERRORS:
                message = (
                    _("OK flood control: too many posts.")
                    if code == FLOOD
                    else _("OK is unavailable now.")
                )
                raise ChannelError(Failure.RETRY, message)
            raise ChannelError(
                Failure.FATAL,
                _("OK refused the post: %(description)s")
                % {"description": str(answer.get("error_msg", ""))[:300]},
            )
        return answer

    def post(self, draft: Draft) -> Remote:
        attachment = {
            "media": [{"type": "text", "text": draft.text}, {"type": "link", "url": draft.link}]
        }
        topic = self._call(
            "mediatopic.post",
            creates=True,
            gid=self.group_id,
            type="GROUP_THEME",
            attachment=json.dumps(attachment, ensure_ascii=False),
        )
        topic_id = str(topic or "")
        return Remote(topic_id, f"https://ok.ru/group/{self.group_id}/topic/{topic_id}")
