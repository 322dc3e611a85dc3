"""Uploads that fail to decode as what they claim to be: every upload endpoint answers them with
a 400 naming the problem (CVs, programme documents; the marks CSV has its own in
tests/screening/test_marks_csv.py)."""

UNDECODABLE = {
    "non-utf8-text": "Name;Degree\nMüller;PhD\n".encode("cp1252"),
    "bare-cr": b"Anna Mueller\rPhD\rBeijing\r",
    "nul-bytes": b"\x00\x00\x00\x00%PDF",
    "binary": bytes(range(256)) * 4,
}
