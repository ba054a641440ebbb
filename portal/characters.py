"""Text without the characters XML 1.0 forbids, kept out on input and again on output.

Our own few lines rather than a library: the rule is one regular expression (XML 1.0 § 2.2),
and Django's feed writer refuses (HTTP 500) the very characters it matches.
"""

import re

from django.db.models import CharField, TextField

# Word's manual line break (U+000B) and the form feed separate text: they become a line
# break in multi-line fields and a space in single-line ones rather than gluing words.
_SEPARATORS = re.compile("[\x0b\x0c]")
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(value, *, multiline=True):
    """``value`` without the characters XML 1.0 forbids (anything not a str is returned)."""
    if not isinstance(value, str) or not _FORBIDDEN.search(value):
        return value
    value = _SEPARATORS.sub("\n" if multiline else " ", value)
    return _FORBIDDEN.sub("", value)


OUR_APPS = {"portal", "news", "partnerships"}


def clean_text_fields(sender, instance, **kwargs):
    """pre_save: every CharField and TextField (rich text included) of our models is stored
    without characters forbidden in XML, so no feed, sitemap or export can trip on them."""
    if sender._meta.app_label not in OUR_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, CharField | TextField):
            value = getattr(instance, field.attname)
            setattr(
                instance, field.attname, xml_safe(value, multiline=isinstance(field, TextField))
            )
