"""VK API 5.199 on the community's wall: the lead image through ``photos.getWallUploadServer``,
the upload and ``photos.saveWallPhoto``, then ``wall.post`` from the community with the photo
and the article's link attached; ``wall.edit`` and ``wall.delete``."""

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

VERSION = "5.199"
LIMIT = 15_000  # a wall post holds about 16,000 characters; kept below it
AUTH_FAILED, TOO_MANY_PER_SECOND, FLOOD_CONTROL, INTERNAL = 5, 6, 9, 10
FLOOD_WAIT_SECONDS = 60 * 60


class VKClient:
    def __init__(self, token: str, group_id: str):
        self.token, self.group_id = token, group_id.lstrip("-")

    @property
    def owner_id(self) -> str:
        return f"-{self.group_id}"

    def _call(self, method: str, *, creates=False, **params):
        url = f"{settings.CROSSPOST_VK_API_URL.rstrip('/')}/{method}"
        data = {**params, "access_token": self.token, "v": VERSION}
        answer = json_of(call("POST", url, creates=creates, data=data))
        if not isinstance(answer, dict):
            raise ChannelError(Failure.RETRY, _("The network's answer is not understood."))
        if "error" in answer:
            raise self._error(answer["error"] or {})
        return answer.get("response")

    @staticmethod
    def _error(error: dict) -> ChannelError:
        code = error.get("error_code")
        if code == AUTH_FAILED:
            return bad_token()
        if code == TOO_MANY_PER_SECOND:
            return ChannelError(Failure.RETRY, _("Too many requests to VK per second."), 1)
        if code == FLOOD_CONTROL:
            return ChannelError(
                Failure.RETRY,
                _("VK flood control: too many posts; trying later."),
                FLOOD_WAIT_SECONDS,
            )
        if code in (1, INTERNAL):
            return ChannelError(Failure.RETRY, _("VK is unavailable now."))
        return ChannelError(
            Failure.FATAL,
            _("VK refused the post: %(description)s")
            % {"description": str(error.get("error_msg", ""))[:300]},
        )

    def _photo(self, image: bytes) -> str:
        server = self._call("photos.getWallUploadServer", group_id=self.group_id) or {}
        upload = call(
            "POST",
            server.get("upload_url", ""),
            creates=False,
            files={"photo": ("photo.jpg", image, "image/jpeg")},
        )
        uploaded = json_of(upload)
        if not isinstance(uploaded, dict) or not uploaded.get("photo"):
            raise ChannelError(Failure.RETRY, _("VK did not take the image."))
        saved = self._call(
            "photos.saveWallPhoto",
            group_id=self.group_id,
            server=uploaded.get("server"),
            photo=uploaded["photo"],
            hash=uploaded.get("hash"),
        )
        photo = (saved or [{}])[0]
        return f"photo{photo.get('owner_id')}_{photo.get('id')}"

    def post(self, draft: Draft) -> Remote:
        attachments = ",".join(
            filter(None, [draft.image and self._photo(draft.image), draft.link])
        )
        result = self._call(
            "wall.post",
            creates=True,
            owner_id=self.owner_id,
            from_group=1,
            message=draft.text,
            attachments=attachments,
        )
        post_id = str((result or {}).get("post_id", ""))
        url = f"https://vk.com/wall{self.owner_id}_{post_id}"
        return Remote(post_id, url, {"attachments": attachments})

    def edit(self, remote: Remote, draft: Draft) -> Remote:
        self._call(
            "wall.edit",
            owner_id=self.owner_id,
            post_id=remote.id,
            message=draft.text,
            attachments=remote.data.get("attachments", draft.link),
        )
        return remote

    def delete(self, remote: Remote) -> None:
        self._call("wall.delete", owner_id=self.owner_id, post_id=remote.id)
