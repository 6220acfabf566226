"""Contact details taken out of a message in a minor's match: the one masking rule.

A minor and their mentor talk on the site, where a coordinator can help; an email address,
a phone number or a social-media handle in a message would move the conversation where nobody
can. The patterns aim at what people actually type ("ana at gmail dot com", "+1 (555) 010-0199",
"insta: @ana.r", "snapchat.com/add/ana"); a date or a time is not a phone number.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

_AT = r"(?:@|\s*[\[(]\s*at\s*[\])]\s*|\s+at\s+)"
_DOT = r"(?:\.|\s*[\[(]\s*dot\s*[\])]\s*|\s+dot\s+)"
EMAIL = re.compile(
    rf"[\w+-]+(?:{_DOT}[\w+-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[a-z]{{2,}}(?![\w@.-])",
    re.IGNORECASE,
)
# Seven digits or more, allowing the separators people type between groups.
PHONE = re.compile(r"(?<![\w/:])(?!\d{4}-\d\d?-\d\d?\b)\+?\d(?:[\s().-]{0,3}\d){6,}(?![\w/:])")
SOCIAL_SITES = (
    r"instagram\.com|instagr\.am|tiktok\.com|snapchat\.com|facebook\.com|fb\.com|m\.me"
    r"|twitter\.com|x\.com|discord\.gg|discord\.com|wa\.me|whatsapp\.com|t\.me|telegram\.me"
    r"|kik\.me|threads\.net|linkedin\.com|youtube\.com"
)
SOCIAL_LINK = re.compile(rf"(?:https?://)?(?:www\.)?(?:{SOCIAL_SITES})/\S*", re.IGNORECASE)
SOCIAL_NAMED = re.compile(
    r"\b(?:insta(?:gram)?|ig|snap(?:chat)?|sc|tiktok|tt|discord|telegram|whatsapp|kik"
    r"|twitter|threads|facebook|fb)\b\s*(?:is|:|-|=)?\s*@?[\w.#]{2,}",
    re.IGNORECASE,
)
HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")


def contact_mask(text: str) -> tuple[str, bool]:
    """The text with contact details replaced, and whether anything was replaced."""
    hidden = _("[contact details hidden]")
    masked = text
    for pattern in (EMAIL, SOCIAL_LINK, SOCIAL_NAMED, PHONE, HANDLE):
        masked = pattern.sub(hidden, masked)
    return masked, masked != text
