"""What the article form says after a save: published, scheduled, submitted or sent back."""

from django.utils import timezone
from django.utils.dateformat import format as format_date

from news.models import Article
from portal.admin_russian import RussianAdminMixin


def scheduled_for(article: Article) -> str:
    """«12 декабря, 10:00», in the city's time zone."""
    return format_date(timezone.localtime(article.publish_at), "j E, H:i")


class ArticlePublicationMessages(RussianAdminMixin):
    def saved_message(self, names, obj, previous, added):
        was = previous.status if previous is not None else None
        was_public = previous is not None and previous.is_public
        Status = Article.Status
        if obj.is_public and not was_public:
            return self.sentence_about(names, obj, names.agreeing("опубликован"))
        if obj.expired_on_schedule:
            return self.sentence_about(
                names, obj, names.agreeing("снят") + " с публикации по сроку"
            )
        if obj.status == Status.PUBLISHED and not obj.is_public:
            what = f"{names.agreeing('запланирован')} на {scheduled_for(obj)}"
            return self.sentence_about(names, obj, what)
        if obj.status == Status.REVIEW and was != Status.REVIEW:
            return self.sentence_about(
                names, obj, names.agreeing("отправлен") + " на согласование"
            )
        if obj.status == Status.DRAFT and was == Status.REVIEW:
            return self.sentence_about(names, obj, names.agreeing("возвращён") + " автору")
        if was_public and not obj.is_public:
            return self.sentence_about(names, obj, names.agreeing("снят") + " с публикации")
        return super().saved_message(names, obj, previous, added)
