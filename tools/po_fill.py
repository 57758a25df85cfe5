"""Fill translations into the Chinese catalogue from a JSON map {msgid: msgstr}.

    python tools/po_fill.py translations.json

Babel reads and writes the .po (the file stays in Babel's own format, as `make messages`
leaves it); fuzzy flags on the filled entries are cleared.
"""

import json
import sys

from babel.messages.pofile import read_po, write_po

PO = "src/luoshi/locale/zh/LC_MESSAGES/luoshi.po"

with open(sys.argv[1], encoding="utf-8") as fh:
    wanted = json.load(fh)
with open(PO, "rb") as fh:
    catalog = read_po(fh)
missing = set(wanted)
for message in catalog:
    if message.id in wanted:
        message.string = wanted[message.id]
        message.flags.discard("fuzzy")
        missing.discard(message.id)
with open(PO, "wb") as fh:
    write_po(fh, catalog, width=100, omit_header=False, ignore_obsolete=True)
if missing:
    sys.exit(f"not in the catalogue: {sorted(missing)}")
