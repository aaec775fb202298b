"""The sample's invented residents: who calls, their phone, and how a 12345 work order carries
them in its text."""

from __future__ import annotations

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯于董"
TITLES = ("阿姨", "大爷", "奶奶", "先生", "女士", "师傅")


def as_dictated(key: int, reporter: str, phone: str) -> str:
    """12345 work orders carry the caller in the text ("来电人王阿姨，联系电话…") about half the
    time; ``add`` masks it (the sample shows it masked). A generator of its own, so that the rest
    of the sample draws the same numbers as before."""
    import random

    pick = random.Random(key * 7919)
    if pick.random() < 0.5:
        return ""
    spaced = f"{phone[:3]} {phone[3:7]} {phone[7:]}" if len(phone) == 11 else phone
    return pick.choice(
        (
            f"（来电人{reporter}，联系电话{phone}）",
            f"，联系人{reporter} {spaced}",
            f"，{reporter}电话{phone}",
        )
    )


def resident(rng) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    if rng.random() > 0.45:
        return None, None
    name = rng.choice(SURNAMES) + rng.choice(TITLES)
    if rng.random() < 0.85:
        phone = f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"
    else:
        phone = f"010-{rng.randint(60000000, 69999999)}"
    return name, phone if rng.random() > 0.1 else None
