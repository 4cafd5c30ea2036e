"""The recording device and the file's identity, as a FIT file names them."""

from __future__ import annotations

import re
from typing import Any

from server.files.activity import Device
from server.files.fit_decode import FitContent, num

_MAKERS = {
    "garmin": "Garmin",
    "sigmasport": "Sigma Sport",
    "wahoo_fitness": "Wahoo",
    "coros": "COROS",
    "suunto": "Suunto",
    "polar": "Polar",
    "stryd": "Stryd",
    "zwift": "Zwift",
    "development": None,
}
# Garmin's product names in the FIT profile are squeezed ("fr920xt"); people say these.
_FAMILIES = {
    "fr": "Forerunner",
    "edge": "Edge",
    "fenix": "fenix",
    "vivoactive": "vivoactive",
    "epix": "epix",
    "venu": "Venu",
    "instinct": "Instinct",
    "enduro": "Enduro",
}
_SPELLED = {"vivo_active_hr": "vivoactive HR", "vivo_active": "vivoactive"}
_SQUEEZED = re.compile(r"^([a-z]+)(\d+)([a-z]*)((?:_[a-z0-9]+)*)$")


def garmin_product(name: str) -> str:
    """`fr920xt` → `Forerunner 920XT`, `vivoactive_hr` → `vivoactive HR`, else as written."""
    if name in _SPELLED:
        return _SPELLED[name]
    match = _SQUEEZED.match(name)
    if match:
        family, number, suffix, rest = match.groups()
        label = f"{_FAMILIES.get(family, family.capitalize())} {number}{suffix.upper()}"
        return label + "".join(" " + part.upper() for part in rest.split("_") if part)
    head, _, tail = name.partition("_")
    if head in _FAMILIES:
        return " ".join([_FAMILIES[head], *(part.upper() for part in tail.split("_") if part)])
    return name


def _maker(value: object) -> str | None:
    if isinstance(value, str):
        return _MAKERS.get(value, value.replace("_", " ").title())
    return f"manufacturer {value}" if isinstance(value, int) else None


def _product(values: dict[str, Any], maker: str | None) -> str | None:
    named = values.get("product_name")
    if isinstance(named, str) and named.strip():
        text = named.strip()
        if maker and text.lower().startswith(maker.lower() + " "):
            text = text[len(maker) + 1 :]
        return text
    garmin = values.get("garmin_product")
    if isinstance(garmin, str):
        return garmin_product(garmin)
    product = values.get("product", garmin)
    if isinstance(product, str):
        return product
    return f"product {product}" if isinstance(product, int) else None


def device(content: FitContent) -> Device | None:
    """The creator: file_id's maker and product, device_info's software and product name."""
    file_id = content.file_ids[0] if content.file_ids else {}
    creator = next(
        (d for d in content.devices if d.get("device_index") in ("creator", 0)),
        {},
    )
    maker = _maker(file_id.get("manufacturer", creator.get("manufacturer")))
    product = _product(creator, maker) if creator.get("product_name") else None
    product = product or _product(file_id, maker) or _product(creator, maker)
    serial = num(file_id.get("serial_number", creator.get("serial_number")))
    software = num(creator.get("software_version"))
    if maker is None and product is None:
        return None
    return Device(
        manufacturer=maker,
        product=product,
        serial=str(int(serial)) if serial is not None else None,
        software=f"{software:g}" if software is not None else None,
    )


def file_identity(content: FitContent) -> str | None:
    """Maker, serial number and creation time: the same file however it was renamed."""
    if not content.file_ids:
        return None
    values = content.file_ids[0]
    serial, created = num(values.get("serial_number")), num(values.get("time_created"))
    if serial is None and created is None:
        return None
    maker = values.get("manufacturer")
    parts = [str(maker), *(str(int(v)) if v is not None else "-" for v in (serial, created))]
    return ":".join(parts)
