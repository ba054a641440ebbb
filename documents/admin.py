from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from documents import services
from documents.models import Document, DocumentLink, IssuingBody
from portal.admin import AUDIT_FIELDS, HISTORY_FIELDSET, HistoryAdmin, TabularInline


@admin.register(IssuingBody)
class IssuingBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


class DocumentLinkForm(forms.ModelForm):
    mark_repealed = forms.BooleanField(
        label=_("mark it «no longer in force»"),
        required=False,
        help_text=_("Only for «repeals»: the repealed document's status is changed on save."),
    )

    class Meta:
        model = DocumentLink
        fields = ["kind", "target"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mark_repealed") and cleaned.get("kind") != DocumentLink.Kind.REPEALS:
            self.add_error("mark_repealed", _("Only a repealed document loses its force."))
        return cleaned


class DocumentLinkInline(TabularInline):
    model = DocumentLink
    form = DocumentLinkForm
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]
    verbose_name = _("this document acts on")
    verbose_name_plural = _("this document acts on")


class InaccessibleFilter(admin.SimpleListFilter):
    title = _("accessibility")
    parameter_name = "accessible"

    def lookups(self, request, model_admin):
        return [("no", _("inaccessible to blind readers"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.inaccessible()
        return queryset


def accessibility_warnings(document) -> list[str]:
    """The warnings shown above the change form after a PDF that screen readers cannot read."""
    problems = document.accessibility_problems
    if not problems:
        return []
    text = gettext("The PDF cannot be read by screen readers: %(problems)s.") % {
        "problems": ", ".join(problems)
    }
    if not document.text:
        text += " " + gettext(
            "Add the document's text in the «text» field, so that it can be read on its page."
        )
    return [text]


@admin.register(Document)
class DocumentAdmin(HistoryAdmin):
    list_display = [
        "designation",
        "title",
        "issuing_body",
        "status",
        "is_published",
        "publish_at",
        "expire_at",
        "accessible",
    ]
    list_display_links = ["designation", "title"]
    list_filter = [InaccessibleFilter, "kind", "status", "issuing_body", "is_published"]
    search_fields = ["number", "title"]
    date_hierarchy = "adopted_on"
    autocomplete_fields = ["issuing_body"]
    readonly_fields = AUDIT_FIELDS
    inlines = [DocumentLinkInline]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["kind", "number", "adopted_on", "title", "issuing_body", "status"]}),
        (_("File and text"), {"fields": ["file", "text"]}),
        (
            _("Publication"),
            {"fields": ["is_published", ("publish_at", "expire_at"), "slug"]},
        ),
        HISTORY_FIELDSET,
    ]

    @admin.display(description=_("document"), ordering="adopted_on")
    def designation(self, document):
        return document.designation

    @admin.display(description=_("accessible"), boolean=True)
    def accessible(self, document):
        return document.is_accessible

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("issuing_body").defer("text")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            document = self.get_object(request, unquote(object_id))
            for warning in accessibility_warnings(document) if document else ():
                self.message_user(request, warning, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data:
            for warning in accessibility_warnings(obj):
                self.message_user(request, warning, messages.WARNING)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not DocumentLink:
            return
        for link_form in formset.forms:
            data = getattr(link_form, "cleaned_data", None) or {}
            if data.get("mark_repealed") and not data.get("DELETE"):
                target = data["target"]
                if services.mark_repealed(target, by=request.user):
                    self.message_user(
                        request,
                        gettext("«%(document)s» is now marked no longer in force.")
                        % {"document": target.designation},
                        messages.SUCCESS,
                    )

    @admin.action(description=_("Publish the selected documents"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish the selected documents"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published):
        # Saved one by one: every save is stamped and drops the page cache's version.
        changed = 0
        for document in queryset.exclude(is_published=published):
            document.is_published = published
            document.updated_by = request.user
            document.save(update_fields=["is_published", "updated_at", "updated_by"])
            changed += 1
        if published:
            text = ngettext(
                "%(count)d document published.", "%(count)d documents published.", changed
            )
        else:
            text = ngettext(
                "%(count)d document unpublished.", "%(count)d documents unpublished.", changed
            )
        self.message_user(request, text % {"count": changed}, messages.SUCCESS)
