"""Fill Chinese translations, plural forms too, from a Python module defining T (msgid →
msgstr) and P (singular msgid → [msgstr…]): the way a session hands its translations over.

    python tools/po_apply.py path/to/translations.py

Only messages without a translation (or marked fuzzy) are filled; unknown msgids are named.
"""

import runpy
import sys

from babel.messages.pofile import read_po, write_po

PO = "src/luoshi/locale/zh/LC_MESSAGES/luoshi.po"
given = runpy.run_path(sys.argv[1])
single, plural = given.get("T", {}), given.get("P", {})
with open(PO, "rb") as fh:
    catalog = read_po(fh)
left = set(single) | set(plural)
for message in catalog:
    if not message.id:
        continue
    empty = not message.string or message.fuzzy or (
        isinstance(message.string, tuple) and not all(message.string))
    if isinstance(message.id, tuple):
        if message.id[0] in plural:
            left.discard(message.id[0])
            if empty:
                message.string = tuple(plural[message.id[0]])
                message.flags.discard("fuzzy")
    elif message.id in single:
        left.discard(message.id)
        if empty:
            message.string = single[message.id]
            message.flags.discard("fuzzy")
with open(PO, "wb") as fh:
    write_po(fh, catalog, width=100, omit_header=False, ignore_obsolete=True)
if left:
    sys.exit(f"not in the catalogue: {sorted(left)}")
