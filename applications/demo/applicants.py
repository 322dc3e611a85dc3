"""The demo's applicants: plausible international people, and their applications."""

import datetime as dt
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from applications import services
from applications.models import Application, Channel, ConsentRecord, JobOpening
from ats.actors import DEMO

from .dates import office_time

# (nationality, given names, family names, family-name-first)
NAME_POOLS: list[tuple[str, list[str], list[str], bool]] = [
    (
        "CN",
        ["Wei", "Fang", "Jing", "Lei", "Yan", "Hao", "Xin", "Min", "Tao", "Lin", "Yu", "Jun"],
        ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Sun", "Ma"],
        True,
    ),
    (
        "IN",
        ["Priya", "Arjun", "Ananya", "Rahul", "Kavya", "Vikram", "Sneha", "Rohan"],
        ["Sharma", "Iyer", "Reddy", "Nair", "Gupta", "Banerjee", "Menon", "Chatterjee"],
        False,
    ),
    (
        "PK",
        ["Ayesha", "Usman", "Fatima", "Bilal", "Sana", "Hamza"],
        ["Khan", "Qureshi", "Siddiqui", "Malik", "Chaudhry"],
        False,
    ),
    (
        "DE",
        ["Anna", "Lukas", "Katharina", "Jonas", "Miriam", "Felix"],
        ["Müller", "Schneider", "Weiß", "Fischer", "Becker", "Hoffmann"],
        False,
    ),
    (
        "FR",
        ["Camille", "Julien", "Élodie", "Mathieu", "Inès", "Théo"],
        ["Lefèvre", "Moreau", "Dubois", "Laurent", "Girard"],
        False,
    ),
    (
        "ES",
        ["Lucía", "Javier", "María José", "Álvaro", "Carmen"],
        ["García López", "Fernández", "Martínez Ruiz", "Sánchez", "Ortega"],
        False,
    ),
    (
        "IT",
        ["Giulia", "Marco", "Francesca", "Luca", "Chiara"],
        ["Rossi", "Bianchi", "Esposito", "Romano", "Colombo"],
        False,
    ),
    (
        "VN",
        ["Thị Lan", "Văn Minh", "Thu Hà", "Quốc Bảo", "Ngọc Anh"],
        ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"],
        True,
    ),
    (
        "KR",
        ["Ji-woo", "Min-jun", "Seo-yeon", "Hyun-woo", "Su-bin"],
        ["Kim", "Lee", "Park", "Choi", "Jung"],
        True,
    ),
    (
        "RU",
        ["Anastasia", "Dmitry", "Ekaterina", "Sergei", "Olga"],
        ["Ivanova", "Smirnov", "Kuznetsova", "Popov", "Volkov"],
        False,
    ),
    (
        "BR",
        ["Ana Clara", "João", "Mariana", "Rafael", "Beatriz"],
        ["Silva", "Santos", "Oliveira", "Souza", "Costa"],
        False,
    ),
    (
        "KE",
        ["Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri"],
        ["Mwangi", "Odhiambo", "Kariuki", "Wambui"],
        False,
    ),
    (
        "NG",
        ["Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Emeka"],
        ["Okafor", "Adeyemi", "Eze", "Balogun", "Nwosu"],
        False,
    ),
    (
        "EG",
        ["Mona", "Ahmed", "Yasmin", "Omar", "Nour"],
        ["Hassan", "Abdel-Rahman", "Mahmoud", "Farouk"],
        False,
    ),
    (
        "NL",
        ["Sanne", "Daan", "Lotte", "Bram"],
        ["van der Berg", "de Vries", "Jansen", "Bakker"],
        False,
    ),
    (
        "MY",
        ["Ahmad", "Nurul", "Farid", "Siti"],
        ["bin Ismail", "binti Hassan", "bin Abdullah"],
        False,
    ),
    (
        "US",
        ["Emily", "Michael", "Sarah", "David", "Jessica"],
        ["Johnson", "Williams", "Brown", "Miller", "Davis"],
        False,
    ),
    (
        "GB",
        ["Oliver", "Charlotte", "Harry", "Amelia"],
        ["Taylor", "Evans", "Thomas", "Roberts"],
        False,
    ),
    ("TH", ["Somchai", "Ploy", "Anan", "Kanya"], ["Srisuk", "Chaiyaporn", "Wongsakul"], False),
    ("ET", ["Hana", "Dawit", "Meron", "Yonas"], ["Tesfaye", "Bekele", "Haile", "Girma"], False),
]
RESIDENCE = {"CN": "CN", "MY": "MY"}  # others: mostly at home, some already in China


@dataclass
class Person:
    full_name: str
    email: str
    phone: str
    nationality: str
    residence: str


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum() or c == " ").split()


def people(rng: random.Random, count: int, *, weights: dict[str, int]) -> list[Person]:
    """Distinct, plausible international applicants."""
    pools = {p[0]: p for p in NAME_POOLS}
    codes = list(weights)
    seen: set[str] = set()
    result: list[Person] = []
    while len(result) < count:
        code = rng.choices(codes, weights=[weights[c] for c in codes])[0]
        _, given, family, family_first = pools[code]
        first, last = rng.choice(given), rng.choice(family)
        name = f"{last} {first}" if family_first else f"{first} {last}"
        if name in seen:
            continue
        seen.add(name)
        parts = _ascii_words(f"{first} {last}")
        domain = rng.choice(["gmail.com", "outlook.com", "yahoo.com", "protonmail.com"])
        if code == "CN":
            domain = rng.choice(["163.com", "qq.com", "126.com", "gmail.com"])
        email = f"{'.'.join(parts)}{rng.randint(1, 99) if rng.random() < 0.4 else ''}@{domain}"
        residence = RESIDENCE.get(code) or ("CN" if rng.random() < 0.25 else code)
        phone = _phone(rng, residence)
        result.append(Person(name, email, phone, code, residence))
    return result


def _phone(rng: random.Random, country: str) -> str:
    n = lambda k: "".join(str(rng.randint(0, 9)) for _ in range(k))  # noqa: E731
    formats: dict[str, Callable[[], str]] = {
        "CN": lambda: f"+86 1{rng.choice('3589')}{n(1)} {n(4)} {n(4)}",
        "IN": lambda: f"+91 9{n(4)} {n(5)}",
        "DE": lambda: f"+49 15{n(1)} {n(7)}",
        "FR": lambda: f"+33 6 {n(2)} {n(2)} {n(2)} {n(2)}",
        "US": lambda: f"+1 (617) {n(3)}-{n(4)}",
        "GB": lambda: f"+44 7{n(3)} {n(6)}",
    }
    return formats.get(country, lambda: f"+{rng.randint(20, 99)} {n(3)} {n(3)} {n(4)}")()


def submit_application(
    job: JobOpening, person: Person, *, source: Channel, submitted_at: dt.datetime
) -> Application:
    """The person's application to the job, as the demo loader enters it."""
    candidate = services.candidate_find_or_create(
        email=person.email,
        full_name=person.full_name,
        phone=person.phone,
        nationality=person.nationality,
        country_of_residence=person.residence,
    )
    application = services.application_create(
        actor=DEMO, candidate=candidate, job=job, source=source, submitted_at=submitted_at
    )
    # What every applicant agrees to on the form, kept as the careers site keeps it.
    services.consent_record(
        application=application,
        purpose=ConsentRecord.Purpose.APPLICATION,
        text=services.consent_text(job),
        language="en",
        given_at=submitted_at,
    )
    return application


def submit_all(
    job: JobOpening,
    persons: list[Person],
    channels_for: Callable[[int], Channel],
    rng: random.Random,
    first_day: dt.date,
    days: int,
    progress: Callable[[str], None],
) -> list[Application]:
    """Everyone applies on a random day of the `days` from `first_day`."""
    applications = []
    for i, person in enumerate(persons):
        submitted = office_time(first_day + dt.timedelta(days=rng.randrange(days)), rng)
        applications.append(
            submit_application(job, person, source=channels_for(i), submitted_at=submitted)
        )
    progress(f"  {len(applications)} applications submitted")
    return applications
