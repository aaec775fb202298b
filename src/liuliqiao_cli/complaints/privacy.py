"""Residents' contact details: validation of phone numbers and masking (王** / 138****1234).

Names and phones live in table ``contacts`` and are shown unmasked only when the user asks
(``--with-contacts``), which the caller records as an event of kind ``contacts``. Error messages
never carry a phone number or a name: :func:`normalise_phone` says what is wrong, not the value.
"""

from __future__ import annotations

import re

from liuliqiao_cli.errors import UsageError

NAME_MAX = 40
# Chinese mobile numbers: 11 digits starting 13-19; an optional +86 / 86 prefix is dropped.
_MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
# Landlines: 010-63000001, 0531-8888888, or a local 7-8 digit number (63000001); an optional
# extension after "-" or "转" is kept.
_LANDLINE = re.compile(r"(0\d{2,3}-)?([2-9]\d{6,7})((?:-|转)\d{1,6})?")


def normalise_phone(value: str | None) -> str:
    """The phone as stored ('' when none given), or UsageError for anything that is not one.

    Spaces, and hyphens inside a mobile number, are ignored: ``138 0000 1234`` and
    ``138-0000-1234`` are stored as ``13800001234``.
    """
    text = (value or "").strip()
    if not text:
        return ""
    compact = re.sub(r"\s+", "", text)
    mobile = _MOBILE.fullmatch(compact.replace("-", ""))
    if mobile and not compact.startswith("0"):
        return mobile.group(1)
    landline = _LANDLINE.fullmatch(compact)
    if landline:
        return compact
    # The value itself is not repeated: error lines reach terminals and logs.
    raise UsageError("privacy.bad_phone", length=len(compact))


def normalise_name(value: str | None) -> str:
    name = " ".join((value or "").split())
    if len(name) > NAME_MAX:
        raise UsageError("privacy.name_too_long", limit=NAME_MAX)
    if any(not ch.isprintable() for ch in name):
        raise UsageError("privacy.name_control")
    return name


def mask_name(name: str | None) -> str:
    """王阿姨 -> 王**, 李明 -> 李*, Wang Fang -> W********: the first character only."""
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone: str | None) -> str:
    """13800001234 -> 138****1234; 010-63000001 -> 010-****0001; 63000001 -> ****0001."""
    if not phone:
        return ""
    if re.fullmatch(r"1\d{10}", phone):
        return phone[:3] + "****" + phone[-4:]
    main, sep, ext = phone.partition("转")
    area, dash, local = main.rpartition("-") if "-" in main else ("", "", main)
    if len(main.split("-")) == 3:  # 010-63000001-123: the extension is the last part
        area_code, local, extension = main.split("-")
        return f"{area_code}-****{local[-4:]}-{'*' * len(extension)}"
    masked = f"{area}{dash}****{local[-4:]}"
    return masked + (sep + "*" * len(ext) if sep else "")
