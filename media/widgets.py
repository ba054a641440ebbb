from django.contrib.admin.widgets import ForeignKeyRawIdWidget

from portal.images import rendition_url


class ImageChooserWidget(ForeignKeyRawIdWidget):
    """The library's chooser: the image's number, the lookup popup (the library's list with
    search and thumbnails) and a thumbnail of the image chosen."""

    template_name = "media/widgets/image_chooser.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["thumbnail_url"] = ""
        if context["widget"]["value"]:
            image = (
                self.rel.model._default_manager.using(self.db)
                .filter(pk=context["widget"]["value"])
                .first()
                if str(context["widget"]["value"]).isdigit()
                else None
            )
            if image is not None and image.file:
                context["thumbnail_url"] = rendition_url(image, "file", 160, "jpeg")
        return context
