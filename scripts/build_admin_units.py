"""Write `pipeline/data/admin_units.json` from the `vietnamadminunits` package's dataset.

The package ships Vietnam's administrative units twice, offline: as they were before the
2025 reorganisation (63 provinces, their districts, towns and cities, and communes) and as
they are from 1 July 2025 (34 provinces and their communes), with the provinces each new one
absorbed. We keep only names, levels and that conversion, with the package's version, so the
gazetteer needs no third-party code at run time and a change of the data shows in a diff.

    pip install vietnamadminunits==1.0.4
    python scripts/build_admin_units.py
"""

from __future__ import annotations

import json
import sqlite3
from importlib import metadata, resources
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "admin_units.json"
PACKAGE = "vietnamadminunits"


def split_level(full: str, levels: tuple[str, ...]) -> tuple[str, str]:
    """ "Huyện Krông Nô" → ("huyện", "Krông Nô"); the level word lower-cased as it is printed
    inside a sentence."""
    for level in sorted(levels, key=len, reverse=True):
        if full.lower().startswith(level.lower() + " "):
            return level.lower(), full[len(level) + 1 :].strip()
    raise ValueError(f"no level word in {full!r}")


PROVINCE_LEVELS = ("Tỉnh", "Thành phố")
DISTRICT_LEVELS = ("Quận", "Huyện", "Thị xã", "Thành phố")
COMMUNE_LEVELS = ("Phường", "Xã", "Thị trấn", "Đặc khu")


def main() -> None:
    database = resources.files(PACKAGE) / "data" / "dataset.db"
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    converter = json.loads((resources.files(PACKAGE) / "data" / "converter_2025.json").read_text("utf-8"))
    key_of: dict[str, str] = {}
    before: dict[str, dict] = {}
    rows = connection.execute(
        "SELECT province, provinceKey, district, ward FROM admin_units_legacy"
        " ORDER BY provinceCode, districtCode, wardCode"
    )
    for province, province_key, district, ward in rows:
        level, name = split_level(province, PROVINCE_LEVELS)
        key_of[province_key] = name
        entry = before.setdefault(name, {"name": name, "level_word": level, "districts": {}})
        d_level, d_name = split_level(district, DISTRICT_LEVELS)
        communes = entry["districts"].setdefault(
            d_name, {"name": d_name, "level_word": d_level, "communes": []}
        )
        if ward:
            communes["communes"].append(list(split_level(ward, COMMUNE_LEVELS)))
    after: dict[str, dict] = {}
    new_keys: dict[str, str] = {}
    rows = connection.execute(
        "SELECT province, provinceKey, ward FROM admin_units ORDER BY provinceCode, wardCode"
    )
    for province, province_key, ward in rows:
        level, name = split_level(province, PROVINCE_LEVELS)
        new_keys[province_key] = name
        entry = after.setdefault(name, {"name": name, "level_word": level, "communes": []})
        entry["communes"].append(list(split_level(ward, COMMUNE_LEVELS)))
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            before[key_of[old_key]]["successor"] = new_keys[new_key]
    data = {
        "source": f"{PACKAGE} {metadata.version(PACKAGE)}",
        "before_2025": [{**p, "districts": list(p["districts"].values())} for p in before.values()],
        "from_2025": list(after.values()),
    }
    TARGET.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    districts = sum(len(p["districts"]) for p in data["before_2025"])
    communes = sum(len(d["communes"]) for p in data["before_2025"] for d in p["districts"])
    print(
        f"wrote {TARGET.name}: {len(before)} provinces, {districts} districts, {communes} communes"
        " before 2025; "
        f"{len(after)} provinces, {sum(len(p['communes']) for p in after.values())} communes from 2025"
    )


if __name__ == "__main__":
    main()
