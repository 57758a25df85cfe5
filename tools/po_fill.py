"""Fill translations into the Chinese catalogue: from a JSON map {msgid: msgstr}, or from
another .po (e.g. the catalogue of a branch being merged: its translations are kept for every
message still in use).

    python tools/po_fill.py translations.json
    python tools/po_fill.py other.po

Only messages without a translation (or marked fuzzy) are filled; Babel reads and writes
the .po, so the file stays in the format `make messages` leaves it.
"""

import json
import sys

from babel.messages.pofile import read_po, write_po

PO = "src/luoshi/locale/zh/LC_MESSAGES/luoshi.po"


def _key(message_id):
    return tuple(message_id) if isinstance(message_id, (list, tuple)) else message_id


source = sys.argv[1]
if source.endswith(".po"):
    with open(source, "rb") as fh:
        wanted = {_key(m.id): m.string for m in read_po(fh)
                  if m.id and m.string and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])}
else:
    with open(source, encoding="utf-8") as fh:
        wanted = json.load(fh)
with open(PO, "rb") as fh:
    catalog = read_po(fh)
missing = {k for k in wanted if not isinstance(k, tuple)} if not source.endswith(".po") else set()
for message in catalog:
    key = _key(message.id)
    if key in wanted and (not message.string or message.fuzzy
                          or (isinstance(message.string, tuple) and not all(message.string))):
        message.string = wanted[key]
        message.flags.discard("fuzzy")
    missing.discard(key)
with open(PO, "wb") as fh:
    write_po(fh, catalog, width=100, omit_header=False, ignore_obsolete=True)
if missing:
    sys.exit(f"not in the catalogue: {sorted(missing)}")
