"""Telegram Bot API: ``sendPhoto`` (caption up to 1024 characters) or ``sendMessage`` (up to
4096), ``editMessageCaption`` / ``editMessageText``, ``deleteMessage``. Plain text, no
``parse_mode``, so nothing in the article needs escaping."""

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

CAPTION_LIMIT = 1024
MESSAGE_LIMIT = 4096


def limit(with_image: bool) -> int:
    return CAPTION_LIMIT if with_image else MESSAGE_LIMIT


class TelegramClient:
    def __init__(self, token: str, chat: str):
        self.token, self.chat = token, chat

    def _call(self, method: str, *, creates=False, files=None, **data):
        url = f"{settings.CROSSPOST_TELEGRAM_API_URL.rstrip('/')}/bot{self.token}/{method}"
        answer = json_of(call("POST", url, creates=creates, data=data, files=files))
        if not isinstance(answer, dict):
            raise ChannelError(Failure.RETRY, _("The network's answer is not understood."))
        if answer.get("ok"):
            return answer.get("result")
        code = answer.get("error_code")
        if code == 429:
            retry_after = (answer.get("parameters") or {}).get("retry_after")
            raise ChannelError(
                Failure.RETRY,
                _("Too many posts: Telegram asks to wait %(seconds)s s.")
                % {"seconds": retry_after},
                retry_after=int(retry_after or 0) or None,
            )
        if code in (401, 403, 404):
            raise bad_token()
        if isinstance(code, int) and code >= 500:
            raise ChannelError(Failure.RETRY, _("Telegram is unavailable now."))
        raise ChannelError(
            Failure.FATAL,
            _("Telegram refused the post: %(description)s")
            % {"description": str(answer.get("description", ""))[:300]},
        )

    def _url(self, message_id) -> str:
        name = self.chat.lstrip("@")
        return "" if name.lstrip("-").isdigit() else f"https://t.me/{name}/{message_id}"

    def post(self, draft: Draft) -> Remote:
        if draft.image:
            result = self._call(
                "sendPhoto",
                creates=True,
                chat_id=self.chat,
                caption=draft.text,
                files={"photo": ("photo.jpg", draft.image, "image/jpeg")},
            )
        else:
            result = self._call("sendMessage", creates=True, chat_id=self.chat, text=draft.text)
        message_id = str((result or {}).get("message_id", ""))
        return Remote(message_id, self._url(message_id), {"photo": bool(draft.image)})

    def edit(self, remote: Remote, draft: Draft) -> Remote:
        if remote.data.get("photo"):
            self._call(
                "editMessageCaption", chat_id=self.chat, message_id=remote.id, caption=draft.text
            )
        else:
            self._call("editMessageText", chat_id=self.chat, message_id=remote.id, text=draft.text)
        return remote

    def delete(self, remote: Remote) -> None:
        self._call("deleteMessage", chat_id=self.chat, message_id=remote.id)
