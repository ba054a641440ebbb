"""Library images into an article's gallery in one step (after a bulk upload)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from media.models import Image
from news.models import Article, GalleryPhoto


class AddToGalleryForm(forms.Form):
    article = forms.ModelChoiceField(
        Article.objects.all(),
        label=gettext_lazy("article"),
        widget=ForeignKeyRawIdWidget(
            GalleryPhoto._meta.get_field("article").remote_field, admin.site
        ),
        help_text=gettext_lazy("The article whose gallery the photos join, at its end."),
    )
    images = forms.ModelMultipleChoiceField(
        Image.objects.all(), widget=forms.MultipleHiddenInput, label=gettext_lazy("images")
    )


@transaction.atomic
def add_to_gallery(article: Article, images) -> list[GalleryPhoto]:
    """The images as the last photos of the article's gallery, described as the library
    describes them (photos without a description are left for the editor to describe)."""
    last = article.photos.aggregate(last=Max("order"))["last"] or 0
    # One by one, not in bulk: each save signals what follows a change (the page cache).
    return [
        GalleryPhoto.objects.create(
            article=article, image=image, alt=image.alt, caption=image.caption, order=last + number
        )
        for number, image in enumerate(images, start=1)
    ]


def add_photos_view(request, model_admin):
    if not request.user.has_perm("news.add_galleryphoto"):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    initial = {"images": request.GET.getlist("images")}
    form = AddToGalleryForm(data, initial=initial)
    if form.is_valid():
        article = form.cleaned_data["article"]
        if not model_admin.has_change_permission(request, article):
            raise PermissionDenied
        images = sorted(form.cleaned_data["images"], key=lambda image: image.pk)
        photos = add_to_gallery(article, images)
        undescribed = sum(1 for photo in photos if not photo.alt.strip())
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d photo was added to the gallery of «%(title)s».",
                "%(count)d photos were added to the gallery of «%(title)s».",
                len(photos),
            )
            % {"count": len(photos), "title": article.title},
            messages.SUCCESS,
        )
        if undescribed:
            model_admin.message_user(
                request,
                ngettext(
                    "%(count)d of them has no alt text: describe it before saving the article.",
                    "%(count)d of them have no alt text: describe them before saving the article.",
                    undescribed,
                )
                % {"count": undescribed},
                messages.WARNING,
            )
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))
    ids = form.data.getlist("images") if form.is_bound else initial["images"]
    chosen = Image.objects.filter(pk__in=[pk for pk in ids if str(pk).isdigit()])
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("Add photos to an article's gallery"),
        "form": form,
        "images": chosen,
        "media": model_admin.media,
    }
    return TemplateResponse(request, "admin/news/article/add_photos.html", context)
