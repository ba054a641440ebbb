from django_ckeditor_5.fields import CKEditor5Field

from portal.sanitize import sanitize_html


class RichTextField(CKEditor5Field):
    """CKEditor 5 rich text, sanitised against the allow-list every time it is saved."""

    def pre_save(self, model_instance, add):
        clean = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, clean)
        return clean
