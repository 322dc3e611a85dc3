"""Month names and the words for 'until now', in the languages CVs are written in."""

from __future__ import annotations

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "jan january janvier janv enero ene januar jänner gennaio gen janeiro",
        "feb february février fevrier févr fevr febrero februar febbraio fevereiro",
        "mar march mars marzo märz marz março",
        "apr april avril avr abril aprile abr",
        "may mai mayo maggio maio",
        "jun june juin junio juni giugno junho",
        "jul july juillet juil julio juli luglio julho",
        "aug august août aout agosto ago",
        "sep sept september septembre septiembre set settembre setembro",
        "oct october octobre octubre oktober okt ottobre outubro out",
        "nov november novembre noviembre novembro",
        "dec december décembre decembre déc diciembre dezember dez dic dicembre dezembro",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

PRESENT_WORDS = (
    "present",
    "current",
    "currently",
    "now",
    "today",
    "date",
    "ongoing",
    "aujourd'hui",
    "aujourd’hui",
    "présent",
    "actuel",
    "maintenant",
    "actualidad",
    "presente",
    "actual",
    "la fecha",
    "hoy",
    "heute",
    "jetzt",
    "derzeit",
    "aktuell",
    "atual",
    "atualmente",
    "oggi",
    "in corso",
    "alla data attuale",
    "data attuale",
    "ad oggi",
    "σήμερα",
    "en curso",
    "目前",
    "現在",
    "至今",
    "现在",
    "今",
    "nay",
    "hiện tại",
    "hiện nay",
    "по настоящее время",
)
