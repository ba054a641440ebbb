"""The channels' settings (the chief editor's: tokens entered, never shown back in full), the
article's choices and texts per channel (an inline of the article admin, with the post's
preview, its length against the limit and its attempts), and the posts with their actions:
retry, update to the article's text, delete from the channel."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from channels.crossposting import compose, secrets, services
from channels.crossposting.models import Channel, ChannelPost, Network, PostAttempt
from portal.admin import TabularInline

LAST_ATTEMPTS = 5


class ChannelForm(forms.ModelForm):
    new_token = forms.CharField(
        label=_("new token"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the token stored. It is kept encrypted."),
    )
    new_app_secret = forms.CharField(
        label=_("new application secret (OK)"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    forget_token = forms.BooleanField(label=_("remove the stored token"), required=False)

    class Meta:
        model = Channel
        fields = ("network", "enabled", "target", "application_key", "rubrics")

    def save(self, commit=True):
        channel = super().save(commit=False)
        if self.cleaned_data.get("forget_token"):
            channel.set_token("")
        if self.cleaned_data.get("new_token"):
            channel.set_token(self.cleaned_data["new_token"])
        if self.cleaned_data.get("new_app_secret"):
            channel.set_app_secret(self.cleaned_data["new_app_secret"])
        if commit:
            channel.save()
            self.save_m2m()
        return channel


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    form = ChannelForm
    list_display = ("network", "enabled", "target", "token_shown")
    fields = (
        "network",
        "enabled",
        "target",
        "token_shown",
        "new_token",
        "forget_token",
        "application_key",
        "new_app_secret",
        "rubrics",
    )
    readonly_fields = ("token_shown",)
    filter_horizontal = ("rubrics",)

    @admin.display(description=_("token"))
    def token_shown(self, channel):
        if channel.token_from_env:
            return _("%(masked)s (from the environment)") % {"masked": secrets.mask(channel.token)}
        return secrets.mask(channel.token) or _("not set")

    def has_delete_permission(self, request, obj=None):
        return False


class ChannelPostForm(forms.ModelForm):
    """A channel's row is saved even untouched, so what the editor saw is what is stored;
    untouched on a new article, it takes the rubric's default (``ChannelPostInline``)."""

    def has_changed(self):
        return self.instance.pk is None or super().has_changed()

    @property
    def touched(self):
        return super().has_changed()

    class Meta:
        model = ChannelPost
        fields = ("network", "selected", "text")
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "class": "crosspost-text"})}


class ChannelPostInline(admin.StackedInline):
    """The article's channels: ticked by the rubric's defaults for a new article."""

    model = ChannelPost
    form = ChannelPostForm
    fields = ("network", "selected", "text", "preview", "state")
    readonly_fields = ("preview", "state")
    can_delete = False
    verbose_name_plural = _("cross-posting to the channels")

    class Media:
        js = ("channels/crosspost_counter.js",)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("channels.view_channelpost")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("channels.add_channelpost")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("channels.change_channelpost")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article").prefetch_related("tries")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        existing = set(obj.channel_posts.values_list("network", flat=True)) if obj else set()
        channels = [
            c for c in Channel.objects.prefetch_related("rubrics") if c.network not in existing
        ]
        initial = [
            {"network": c.network, "selected": c.enabled and c.default_for(obj)} for c in channels
        ]
        formset.extra = len(initial)
        formset.max_num = len(Network)

        defaults = {c.network: c for c in channels}

        class WithDefaults(formset):
            def __init__(self, *args, **kw):
                kw.setdefault("initial", initial)
                super().__init__(*args, **kw)

            def save_new(self, form, commit=True):
                post = super().save_new(form, commit=False)
                channel = defaults.get(post.network)
                if channel is not None and not form.touched:
                    post.selected = channel.enabled and channel.default_for(self.instance)
                if commit:
                    post.save()
                return post

        return WithDefaults

    @admin.display(description=_("how it will look"))
    def preview(self, post):
        if post.pk is None:
            return _("Shown once the article is saved.")
        draft, was_cut, limit = compose.draft(post.article, post, post.network, load_image=False)
        warning = ""
        if was_cut:
            warning = format_html(
                '<p class="errornote">{}</p>',
                _(
                    "Longer than this channel's %(limit)s characters: the text will be cut at a "
                    "word, the link kept. Shorten the text for this channel."
                )
                % {"limit": limit},
            )
        return format_html(
            '<pre class="crosspost-preview" style="white-space: pre-wrap">{}</pre>'
            '<p class="help" data-crosspost-limit="{}">{}</p>{}',
            draft.text,
            limit,
            _("%(length)s of %(limit)s characters") % {"length": len(draft.text), "limit": limit},
            warning,
        )

    @admin.display(description=_("state and attempts"))
    def state(self, post):
        if post.pk is None:
            return "—"
        head = format_html("<strong>{}</strong>", post.get_status_display())
        if post.remote_url:
            head = format_html(
                '{} <a href="{}" rel="noopener">{}</a>', head, post.remote_url, post.remote_url
            )
        tries = format_html_join(
            "",
            "<li>{} · {} · {} {}</li>",
            (
                (
                    timezone.localtime(t.started_at).strftime("%d.%m.%Y %H:%M"),
                    t.get_action_display(),
                    t.get_outcome_display(),
                    t.error,
                )
                for t in list(post.tries.all())[:LAST_ATTEMPTS]
            ),
        )
        offer = ""
        if post.status == ChannelPost.Status.POSTED:
            if not post.article.is_public:
                offer = _("The article is off the site but the post is still in the channel.")
            elif post.posted_at and post.article.updated_at > post.posted_at:
                offer = _("The article was changed after it was posted.")
        link = format_html(
            '<a href="{}">{}</a>',
            reverse("admin:channels_channelpost_change", args=[post.pk]),
            _("Retry, update or delete the post"),
        )
        warning = format_html('<p class="errornote">{}</p>', offer) if offer else ""
        return format_html("{}{}<ul>{}</ul>{}", head, warning, tries, link)


class PostAttemptInline(TabularInline):
    model = PostAttempt
    fields = ("started_at", "action", "outcome", "remote_id", "remote_url", "error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ChannelPost)
class ChannelPostAdmin(admin.ModelAdmin):
    list_display = ("article", "network", "status", "posted_at", "remote_link", "attempts")
    list_filter = ("network", "status")
    list_select_related = ("article",)
    search_fields = ("article__title",)
    date_hierarchy = "posted_at"
    fields = ("article", "network", "selected", "status", "remote_link", "posted_at", "attempts")
    readonly_fields = fields
    inlines = [PostAttemptInline]
    actions = ["retry", "update_in_channel", "delete_in_channel"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("post address"))
    def remote_link(self, post):
        if not post.remote_url:
            return post.remote_id or "—"
        return format_html('<a href="{}" rel="noopener">{}</a>', post.remote_url, post.remote_url)

    def _done(self, request, count):
        message = ngettext("%(count)d post queued.", "%(count)d posts queued.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Retry sending the selected posts"), permissions=["change"])
    def retry(self, request, queryset):
        self._done(request, services.retry_by_hand(queryset))

    @admin.action(
        description=_("Update the posts to the article's text now"), permissions=["change"]
    )
    def update_in_channel(self, request, queryset):
        self._done(request, services.change_by_hand(queryset, PostAttempt.Action.EDIT))

    @admin.action(description=_("Delete the posts from their channels"), permissions=["change"])
    def delete_in_channel(self, request, queryset):
        self._done(request, services.change_by_hand(queryset, PostAttempt.Action.DELETE))
