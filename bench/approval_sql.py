#!/usr/bin/env python3
"""Finds one approval's transaction in MariaDB's general log and prints its
statements, one per line, hex-encoded (a statement may hold any byte), for
bench/replay.lua.

Input (stdin): `thread_id TAB command_type TAB HEX(argument)` rows of
mysql.general_log in time order, as bench/run selects them. The approval is
the review server's transaction that records a stage decision and stores a
request's answer (ApproveTask); the second one found is taken (一校 is the
first human stage; the second, 初审, is a plain approval), else the first.
The transaction's own COMMIT is left out: replay.lua commits each replay.
"""
import sys

rows = []
for line in sys.stdin:
    parts = line.rstrip("\n").split("\t")
    if len(parts) != 3:
        continue
    thread, command, hexed = parts
    if command not in ("Query", "Execute"):
        continue
    try:
        text = bytes.fromhex(hexed)
    except ValueError:
        continue
    rows.append((thread, text))

by_thread = {}
for thread, text in rows:
    by_thread.setdefault(thread, []).append(text)


def transactions(statements):
    current = []
    for text in statements:
        word = text.strip().split(b" ", 1)[0].upper()
        if word in (b"COMMIT", b"ROLLBACK"):
            if current:
                yield current
            current = []
        elif word in (b"SET", b"START", b"BEGIN"):
            continue  # session and transaction control, not the work
        else:
            current.append(text)


def unmangle(statement):
    """The general log writes a binary parameter's unprintable bytes as
    \\\\xNN inside its string literal; turns each such literal back into a
    hex literal of its bytes."""
    out = bytearray()
    i = 0
    while i < len(statement):
        if statement[i:i + 1] != b"'":
            out += statement[i:i + 1]
            i += 1
            continue
        j = i + 1
        raw = bytearray()
        binary = False
        while j < len(statement) and statement[j:j + 1] != b"'":
            if statement[j:j + 3] == b"\\\\x" and j + 4 < len(statement):
                # A byte the log could not print: "\\x8B", escaped once more.
                raw.append(int(statement[j + 3:j + 5], 16))
                binary = True
                j += 5
                continue
            if statement[j:j + 1] == b"\\" and j + 1 < len(statement):
                nxt = statement[j + 1:j + 2]
                raw += {b"n": b"\n", b"r": b"\r", b"0": b"\0", b"Z": b"\x1a"}.get(nxt, nxt)
                j += 2
                continue
            raw += statement[j:j + 1]
            j += 1
        literal = statement[i:j + 1]
        out += b"X'" + raw.hex().encode() + b"'" if binary else literal
        i = j + 1
    return bytes(out)


found = []
for thread, statements in by_thread.items():
    for tx in transactions(statements):
        joined = b"\n".join(tx)
        if b"review_decisions" in joined and b"request_results" in joined and b"INSERT" in joined:
            found.append(tx)
if not found:
    sys.exit("approval_sql.py: no approval transaction in the general log")
chosen = found[1] if len(found) > 1 else found[0]
for text in chosen:
    print(unmangle(text).hex())
