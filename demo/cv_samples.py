"""Realistic generated CV PDFs (reportlab) for the labelled test set, the bench and demo data."""

from __future__ import annotations

import io
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import phonenumbers
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

LAYOUTS = (
    "single",
    "two_column",
    "table",
    "cover_page",
    "icons",
    "letterspaced",
    "name_split",
    "no_contact",
    "header_table",  # a Chinese-style personal-details grid, internships apart, CET and 在读
    "scanned",  # a picture of a CV: no text layer, read with OCR where Tesseract is installed
)
# What the labelled corpus and its tests parse: every layout with a text layer.
TEXT_LAYOUTS = tuple(layout for layout in LAYOUTS if layout != "scanned")
LANGUAGES = ("en", "fr", "es", "de", "zh", "vi")
FONT_DIR = Path(__file__).resolve().parent / "fonts"


@dataclass
class Education:
    degree: str  # as printed, e.g. "MSc in Ecology"
    level: str  # phd | master | bachelor | other
    field: str
    institution: str
    year: int
    in_progress: bool = False
    start_year: int | None = None


@dataclass
class Job:
    title: str
    organisation: str
    start: tuple[int, int]
    end: tuple[int, int] | None  # None = present
    is_internship: bool = False
    bullets: list[str] = field(default_factory=list)


@dataclass
class CVProfile:
    name: str
    email: str | None
    phone: str | None  # as printed
    phone_e164: str | None
    city: str
    country: str
    headline: str
    education: list[Education]
    jobs: list[Job]
    stated_years: str | None
    languages: list[tuple[str, str]]  # (English name, canonical level)
    skills: list[str]
    publications: list[str] | None
    links: list[str]
    nationality: str = "US"
    native_name: str | None = None  # in its own script (Chinese), used for zh CVs
    given_name: str = ""
    family_name: str = ""
    birth_date: date | None = None
    referees: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def phone_read(self) -> str | None:
        """The phone as the parser reports it without a default region (see phone_as_read)."""
        return phone_as_read(self.phone, self.phone_e164)


def phone_as_read(printed: str | None, e164: str | None) -> str | None:
    """E.164 when the country code is printed; otherwise the digits as written.

    The parser never guesses a country code from an address: a national number stays national
    unless the applicant's form says which country it belongs to.
    """
    if not printed:
        return None
    if printed.lstrip("( ").startswith("+"):
        return e164
    return "".join(c for c in printed if c.isdigit())


# --- people ----------------------------------------------------------------------------------

# code: (given names, family names, family-first?, region, country, cities, e-mail domains,
#        mother tongue)
PEOPLE: dict[str, tuple[list[str], list[str], bool, str, str, list[str], list[str], str]] = {
    "CN": (
        ["Wei", "Fang", "Xiaoming", "Jing", "Hao", "Lei", "Yan", "Jun", "Min", "Xin"],
        ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"],
        True,
        "CN",
        "China",
        ["Beijing", "Shanghai", "Wuhan", "Hefei", "Nanjing"],
        ["qq.com", "163.com", "126.com", "ucas.ac.cn", "gmail.com"],
        "Chinese",
    ),
    "KR": (
        ["Min-jun", "Seo-yeon", "Ji-hoon", "Hye-jin", "Dong-hyun", "Soo-ah"],
        ["Kim", "Lee", "Park", "Choi", "Jung", "Kang"],
        True,
        "KR",
        "Korea",
        ["Seoul", "Daejeon", "Busan"],
        ["naver.com", "kaist.ac.kr", "gmail.com"],
        "Korean",
    ),
    "VN": (
        ["Văn An", "Thị Lan", "Minh Tuấn", "Thu Hương", "Đức Dũng", "Thị Linh", "Văn Hùng"],
        ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng"],
        True,
        "VN",
        "Vietnam",
        ["Hà Nội", "Ho Chi Minh City", "Đà Nẵng"],
        ["gmail.com", "vast.vn", "yahoo.com.vn"],
        "Vietnamese",
    ),
    "IN": (
        ["Priya", "Rahul", "Ananya", "Vikram", "Lakshmi", "Arjun", "Sneha"],
        ["Sharma", "Iyer", "Patel", "Reddy", "Krishnan", "Gupta", "Banerjee", "Nair"],
        False,
        "IN",
        "India",
        ["Bengaluru", "New Delhi", "Chennai", "Hyderabad", "Mumbai"],
        ["gmail.com", "yahoo.co.in", "iisc.ac.in"],
        "Hindi",
    ),
    "DE": (
        ["Jürgen", "Katrin", "Lukas", "Anna-Lena", "Matthias", "Sören", "Jörg", "Friederike"],
        [
            "Müller",
            "Schröder",
            "von Weizsäcker",
            "Hoffmann",
            "Weiß",
            "Keßler",
            "Fischer",
            "van der Berg",
        ],
        False,
        "DE",
        "Germany",
        ["Berlin", "München", "Hamburg", "Köln", "Heidelberg"],
        ["gmx.de", "web.de", "uni-heidelberg.de", "posteo.de"],
        "German",
    ),
    "ES": (
        ["María José", "José Luis", "Lucía", "Alejandro", "Sofía", "Andrés", "Inés"],
        ["González López", "de la Fuente", "Fernández", "Rodríguez Pérez", "Núñez", "Ibáñez Ruiz"],
        False,
        "ES",
        "Spain",
        ["Madrid", "Barcelona", "Valencia", "Sevilla"],
        ["gmail.com", "hotmail.es", "csic.es"],
        "Spanish",
    ),
    "MX": (
        ["Guadalupe", "Carlos Alberto", "Ximena", "Rodrigo", "Mariana"],
        ["Hernández", "García Treviño", "Martínez", "de los Santos", "Villaseñor"],
        False,
        "MX",
        "Mexico",
        ["Ciudad de México", "Guadalajara", "Monterrey"],
        ["gmail.com", "unam.mx", "hotmail.com"],
        "Spanish",
    ),
    "AR": (
        ["Martín", "Valentina", "Facundo", "Camila"],
        ["Gómez", "Fernández", "Pereyra"],
        False,
        "AR",
        "Argentina",
        ["Buenos Aires", "Córdoba"],
        ["gmail.com", "conicet.gov.ar"],
        "Spanish",
    ),
    "FR": (
        ["Amélie", "François", "Hélène", "Théo", "Zoé", "Jean-Baptiste", "Cécile"],
        ["Dubois", "Lefèvre", "de Montaigne", "Girard", "Rousseau", "Béranger"],
        False,
        "FR",
        "France",
        ["Paris", "Lyon", "Toulouse", "Grenoble"],
        ["orange.fr", "yahoo.fr", "cnrs.fr", "gmail.com"],
        "French",
    ),
    "IT": (
        ["Giulia", "Lorenzo", "Chiara", "Matteo", "Francesca"],
        ["Rossi", "De Luca", "Bianchi", "Esposito", "Di Stefano"],
        False,
        "IT",
        "Italy",
        ["Roma", "Milano", "Bologna", "Padova"],
        ["libero.it", "gmail.com", "cnr.it"],
        "Italian",
    ),
    "PK": (
        ["Muhammad Ali", "Ayesha", "Bilal", "Fatima", "Usman", "Zainab"],
        ["Khan", "Qureshi", "Malik", "Siddiqui", "Chaudhry"],
        False,
        "PK",
        "Pakistan",
        ["Islamabad", "Lahore", "Karachi"],
        ["gmail.com", "comsats.edu.pk", "yahoo.com"],
        "Urdu",
    ),
    "RU": (
        ["Dmitry", "Anastasia", "Sergei", "Olga", "Alexei", "Ekaterina"],
        ["Ivanov", "Smirnova", "Kuznetsov", "Popova", "Volkov"],
        False,
        "RU",
        "Russia",
        ["Moscow", "Novosibirsk", "Saint Petersburg"],
        ["yandex.ru", "mail.ru", "gmail.com"],
        "Russian",
    ),
    "BR": (
        ["João", "Ana Paula", "Luiz Fernando", "Mariana", "Thiago"],
        ["da Silva", "dos Santos", "Oliveira", "Conceição", "Araújo"],
        False,
        "BR",
        "Brazil",
        ["São Paulo", "Rio de Janeiro", "Campinas"],
        ["uol.com.br", "gmail.com", "usp.br"],
        "Portuguese",
    ),
    "KE": (
        ["Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri"],
        ["Mwangi", "Odhiambo", "Kariuki", "Wafula", "Chebet"],
        False,
        "KE",
        "Kenya",
        ["Nairobi", "Mombasa", "Kisumu"],
        ["gmail.com", "uonbi.ac.ke", "yahoo.com"],
        "Swahili",
    ),
    "NG": (
        ["Chinedu", "Adaeze", "Oluwaseun", "Ngozi", "Emeka", "Funmilayo"],
        ["Okafor", "Adeyemi", "Eze", "Balogun", "Nwosu", "Abubakar"],
        False,
        "NG",
        "Nigeria",
        ["Lagos", "Abuja", "Ibadan"],
        ["gmail.com", "yahoo.com", "unilag.edu.ng"],
        "Yoruba",
    ),
    "EG": (
        ["Ahmed", "Nour", "Mohamed", "Yasmin", "Omar", "Mariam"],
        ["El-Sayed", "Hassan", "Abdel Rahman", "Mostafa", "Farouk"],
        False,
        "EG",
        "Egypt",
        ["Cairo", "Alexandria", "Giza"],
        ["gmail.com", "cu.edu.eg", "hotmail.com"],
        "Arabic",
    ),
    "MY": (
        ["Ahmad Faiz", "Nurul Huda", "Siti Aisyah", "Mohd Hafiz"],
        ["bin Abdullah", "binti Ismail", "bin Osman", "binti Rahman"],
        False,
        "MY",
        "Malaysia",
        ["Kuala Lumpur", "Penang"],
        ["gmail.com", "um.edu.my"],
        "Malay",
    ),
    "US": (
        ["Emily", "Michael", "Jessica", "Christopher", "Ashley", "Daniel"],
        ["Johnson", "O'Brien", "McAllister", "Williams", "Martinez", "Van Buren"],
        False,
        "US",
        "USA",
        ["Boston, MA", "Washington, DC", "Berkeley, CA", "New York, NY"],
        ["gmail.com", "outlook.com", "mit.edu"],
        "English",
    ),
    "GB": (
        ["Oliver", "Charlotte", "Harry", "Sophie", "Eleanor"],
        ["Smith", "Fitzgerald", "Clarke", "Hughes", "Ashworth-Brown"],
        False,
        "GB",
        "United Kingdom",
        ["London", "Oxford", "Cambridge", "Edinburgh"],
        ["gmail.com", "ox.ac.uk", "btinternet.com"],
        "English",
    ),
}

HANZI = {
    "Wang": "王",
    "Li": "李",
    "Zhang": "张",
    "Liu": "刘",
    "Chen": "陈",
    "Yang": "杨",
    "Zhao": "赵",
    "Huang": "黄",
    "Zhou": "周",
    "Wu": "吴",
    "Wei": "伟",
    "Fang": "芳",
    "Xiaoming": "晓明",
    "Jing": "静",
    "Hao": "浩",
    "Lei": "磊",
    "Yan": "燕",
    "Jun": "军",
    "Min": "敏",
    "Xin": "欣",
}

FIELDS = [
    "Physics",
    "Chemistry",
    "Environmental Science",
    "Ecology",
    "Computer Science",
    "Public Policy",
    "International Relations",
    "Economics",
    "Finance",
    "Communication",
    "Geology",
    "Atmospheric Science",
    "Agronomy",
    "Molecular Biology",
    "Civil Engineering",
    "Hydrology",
    "Applied Mathematics",
]
FIELDS_ZH = {
    "Physics": "物理学",
    "Chemistry": "化学",
    "Environmental Science": "环境科学",
    "Ecology": "生态学",
    "Computer Science": "计算机科学",
    "Public Policy": "公共政策",
    "International Relations": "国际关系",
    "Economics": "经济学",
    "Finance": "金融学",
    "Communication": "传播学",
    "Geology": "地质学",
    "Atmospheric Science": "大气科学",
    "Agronomy": "农学",
    "Molecular Biology": "分子生物学",
    "Civil Engineering": "土木工程",
    "Hydrology": "水文学",
    "Applied Mathematics": "应用数学",
}

UNIVERSITIES = {
    "CN": [
        "Tsinghua University",
        "Peking University",
        "University of Chinese Academy of Sciences",
        "Zhejiang University",
        "Wuhan University",
    ],
    "KR": ["Seoul National University", "KAIST", "Yonsei University"],
    "VN": [
        "Vietnam National University, Hanoi",
        "Hanoi University of Science and Technology",
        "Đại học Quốc gia Hà Nội",
    ],
    "IN": ["Indian Institute of Science", "IIT Bombay", "University of Delhi", "Anna University"],
    "DE": [
        "Universität Heidelberg",
        "Technische Universität München",
        "Humboldt-Universität zu Berlin",
        "Universität Hamburg",
    ],
    "ES": [
        "Universidad Complutense de Madrid",
        "Universitat de Barcelona",
        "Universidad de Sevilla",
    ],
    "MX": ["Universidad Nacional Autónoma de México", "Instituto Politécnico Nacional"],
    "AR": ["Universidad de Buenos Aires", "Universidad Nacional de Córdoba"],
    "FR": [
        "Université Paris-Saclay",
        "Sorbonne Université",
        "École Polytechnique",
        "Université Grenoble Alpes",
    ],
    "IT": ["Sapienza Università di Roma", "Università di Bologna", "Politecnico di Milano"],
    "PK": ["Quaid-i-Azam University", "COMSATS University Islamabad", "University of the Punjab"],
    "RU": ["Lomonosov Moscow State University", "Novosibirsk State University"],
    "BR": ["Universidade de São Paulo", "Universidade Estadual de Campinas"],
    "KE": ["University of Nairobi", "Kenyatta University", "Jomo Kenyatta University"],
    "NG": ["University of Lagos", "University of Ibadan", "Ahmadu Bello University"],
    "EG": ["Cairo University", "Alexandria University", "American University in Cairo"],
    "MY": ["Universiti Malaya", "Universiti Sains Malaysia"],
    "US": [
        "Massachusetts Institute of Technology",
        "University of California, Berkeley",
        "Johns Hopkins University",
    ],
    "GB": ["University of Oxford", "Imperial College London", "University of Edinburgh"],
}
ABROAD = [
    "University of Cambridge",
    "ETH Zurich",
    "Wageningen University",
    "University of Tokyo",
    "University of Copenhagen",
    "Australian National University",
]

ORGANISATIONS = [
    "Chinese Academy of Sciences",
    "Alliance of International Science Organizations",
    "UNESCO",
    "International Science Council",
    "Max Planck Institute for Chemistry",
    "CNRS",
    "CSIC",
    "Helmholtz Centre for Environmental Research",
    "ICIMOD",
    "IIASA",
    "The World Academy of Sciences (TWAS)",
    "Kenya Agricultural and Livestock Research Organization",
    "Vietnam Academy of Science and Technology",
    "Indian Institute of Science",
    "Korea Institute of Science and Technology",
    "Fraunhofer Society",
    "CGIAR",
    "International Union for Conservation of Nature",
    "World Meteorological Organization",
    "Future Earth Secretariat",
    "Royal Society",
    "African Academy of Sciences",
    "Pakistan Academy of Sciences",
    "Embrapa",
    "Russian Academy of Sciences",
]
TITLES = {
    "research": [
        "Research Assistant",
        "Postdoctoral Researcher",
        "Research Scientist",
        "Associate Professor",
        "Senior Research Fellow",
        "Lab Manager",
    ],
    "programme": [
        "Programme Officer",
        "Programme Manager",
        "Project Coordinator",
        "Senior Programme Specialist",
    ],
    "secretariat": [
        "Executive Assistant",
        "Secretariat Officer",
        "Office Manager",
        "Membership Coordinator",
    ],
    "communications": [
        "Communications Officer",
        "Science Communication Specialist",
        "Media Relations Manager",
        "Outreach Coordinator",
    ],
    "finance": [
        "Finance Officer",
        "Accountant",
        "Grants Administrator",
        "Budget and Finance Manager",
    ],
}
INTERN_TITLES = {
    "en": ["Research Intern", "Summer Intern", "Communications Intern", "Intern"],
    "fr": ["Stagiaire de recherche", "Stagiaire"],
    "es": ["Pasante de investigación", "Pasante"],
    "de": ["Praktikant", "Praktikum im Programmbereich", "Werkstudent"],
    "zh": ["实习生", "研究实习生"],
    "vi": ["Thực tập sinh"],
}
BULLETS = [
    "Coordinated calls for proposals with over 300 applications a year",
    "Managed a portfolio of 14 capacity-building projects in Asia and Africa",
    "Prepared budgets and financial reports for donors",
    "Organised the annual general assembly for 70 member institutions",
    "Wrote press releases and managed the newsletter",
    "Developed field sampling protocols and supervised data collection",
    "Published results in peer-reviewed journals",
    "Liaised with ministries and embassies on visa and work permits for fellows",
]
SKILLS = [
    "Python",
    "R",
    "MATLAB",
    "GIS",
    "Project management",
    "Grant writing",
    "Stakeholder engagement",
    "Budgeting",
    "SAP",
    "Adobe InDesign",
    "Event management",
    "Data analysis",
    "LaTeX",
    "Monitoring and evaluation",
    "SPSS",
    "Stata",
    "Scientific writing",
    "Public speaking",
    "Microsoft Excel",
    "Drupal",
]

# --- language of the headings ----------------------------------------------------------------

HEADINGS = {
    "en": [
        {
            "summary": "Profile",
            "experience": "Professional Experience",
            "education": "Education",
            "publications": "Selected Publications",
            "skills": "Skills",
            "languages": "Languages",
            "contact": "Contact",
            "references": "References",
        },
        {
            "summary": "Summary",
            "experience": "Work Experience",
            "education": "Academic Background",
            "publications": "Publications",
            "skills": "Technical Skills",
            "languages": "Language Skills",
            "contact": "Contact Details",
            "references": "Referees",
        },
        {
            "summary": "About Me",
            "experience": "Employment History",
            "education": "Education and Training",
            "publications": "Peer-reviewed Publications",
            "skills": "Core Competencies",
            "languages": "Languages",
            "contact": "Contact",
            "references": "References",
        },
    ],
    "fr": [
        {
            "summary": "Profil",
            "experience": "Expérience professionnelle",
            "education": "Formation",
            "publications": "Publications",
            "skills": "Compétences",
            "languages": "Langues",
            "contact": "Coordonnées",
            "references": "Références",
        }
    ],
    "es": [
        {
            "summary": "Perfil profesional",
            "experience": "Experiencia profesional",
            "education": "Formación académica",
            "publications": "Publicaciones",
            "skills": "Habilidades",
            "languages": "Idiomas",
            "contact": "Contacto",
            "references": "Referencias",
        }
    ],
    "de": [
        {
            "summary": "Kurzprofil",
            "experience": "Berufserfahrung",
            "education": "Ausbildung",
            "publications": "Publikationen",
            "skills": "Kenntnisse",
            "languages": "Sprachkenntnisse",
            "contact": "Kontakt",
            "references": "Referenzen",
        }
    ],
    "zh": [
        {
            "summary": "个人简介",
            "experience": "工作经历",
            "education": "教育背景",
            "publications": "发表论文",
            "skills": "专业技能",
            "languages": "语言能力",
            "contact": "联系方式",
            "references": "推荐人",
        }
    ],
    "vi": [
        {
            "summary": "Giới thiệu",
            "experience": "Kinh nghiệm làm việc",
            "education": "Học vấn",
            "publications": "Công trình khoa học",
            "skills": "Kỹ năng",
            "languages": "Ngoại ngữ",
            "contact": "Thông tin liên hệ",
            "references": "Người tham chiếu",
        }
    ],
}
LANGUAGE_WORDS = {
    "en": {},
    "fr": {
        "English": "Anglais",
        "French": "Français",
        "German": "Allemand",
        "Spanish": "Espagnol",
        "Chinese": "Chinois",
        "Italian": "Italien",
        "Arabic": "Arabe",
        "Portuguese": "Portugais",
        "Russian": "Russe",
        "Japanese": "Japonais",
    },
    "es": {
        "English": "Inglés",
        "French": "Francés",
        "German": "Alemán",
        "Spanish": "Español",
        "Chinese": "Chino",
        "Italian": "Italiano",
        "Portuguese": "Portugués",
        "Arabic": "Árabe",
        "Russian": "Ruso",
        "Japanese": "Japonés",
    },
    "de": {
        "English": "Englisch",
        "French": "Französisch",
        "German": "Deutsch",
        "Spanish": "Spanisch",
        "Chinese": "Chinesisch",
        "Italian": "Italienisch",
        "Russian": "Russisch",
        "Japanese": "Japanisch",
        "Arabic": "Arabisch",
        "Portuguese": "Portugiesisch",
    },
    "zh": {
        "English": "英语",
        "French": "法语",
        "German": "德语",
        "Spanish": "西班牙语",
        "Chinese": "中文",
        "Japanese": "日语",
        "Russian": "俄语",
        "Korean": "韩语",
        "Arabic": "阿拉伯语",
        "Italian": "意大利语",
        "Portuguese": "葡萄牙语",
    },
    "vi": {
        "English": "Tiếng Anh",
        "French": "Tiếng Pháp",
        "German": "Tiếng Đức",
        "Chinese": "Tiếng Trung",
        "Vietnamese": "Tiếng Việt",
        "Japanese": "Tiếng Nhật",
        "Russian": "Tiếng Nga",
        "Korean": "Tiếng Hàn",
        "Spanish": "Tiếng Tây Ban Nha",
    },
}
LEVEL_WORDS = {
    "en": {
        "native": ["Native", "Mother tongue", "native speaker"],
        "fluent": ["Fluent", "Full professional proficiency", "Advanced"],
        "intermediate": ["Intermediate", "Good working knowledge"],
        "basic": ["Basic", "Elementary"],
    },
    "fr": {
        "native": ["Langue maternelle"],
        "fluent": ["Courant", "Bilingue"],
        "intermediate": ["Intermédiaire"],
        "basic": ["Notions"],
    },
    "es": {
        "native": ["Lengua materna", "Nativo"],
        "fluent": ["Fluido", "Avanzado"],
        "intermediate": ["Intermedio"],
        "basic": ["Básico"],
    },
    "de": {
        "native": ["Muttersprache"],
        "fluent": ["Fließend", "Verhandlungssicher"],
        "intermediate": ["Gute Kenntnisse"],
        "basic": ["Grundkenntnisse"],
    },
    "zh": {
        "native": ["母语"],
        "fluent": ["流利", "熟练"],
        "intermediate": ["良好"],
        "basic": ["一般"],
    },
    "vi": {
        "native": ["Bản ngữ", "Tiếng mẹ đẻ"],
        "fluent": ["Thành thạo", "Lưu loát"],
        "intermediate": ["Trung cấp", "Khá"],
        "basic": ["Cơ bản"],
    },
}
PRESENT = {
    "en": ["Present", "present", "Current", "now"],
    "fr": ["aujourd'hui", "présent"],
    "es": ["actualidad", "presente"],
    "de": ["heute", "aktuell"],
    "zh": ["至今", "现在"],
    "vi": ["nay", "hiện tại"],
}
MONTH_ABBR = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "fr": [
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ],
    "es": [
        "ene.",
        "feb.",
        "mar.",
        "abr.",
        "may.",
        "jun.",
        "jul.",
        "ago.",
        "sep.",
        "oct.",
        "nov.",
        "dic.",
    ],
    "de": [
        "Jan.",
        "Feb.",
        "März",
        "Apr.",
        "Mai",
        "Juni",
        "Juli",
        "Aug.",
        "Sep.",
        "Okt.",
        "Nov.",
        "Dez.",
    ],
}
MONTH_FULL_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DEGREES = {
    "en": {
        "phd": ["PhD in {f}", "Doctor of Philosophy (PhD), {f}", "DPhil in {f}", "Ph.D. in {f}"],
        "master": [
            "MSc in {f}",
            "Master of Science in {f}",
            "M.A. in {f}",
            "MPhil in {f}",
            "Master of Public Administration",
            "MBA",
        ],
        "bachelor": [
            "BSc in {f}",
            "Bachelor of Science in {f}",
            "B.Tech in {f}",
            "B.A. in {f}",
            "Bachelor of Arts in {f}",
        ],
        "other": ["Diploma in {f}", "Higher National Diploma in {f}"],
    },
    "fr": {
        "phd": ["Doctorat en {f}"],
        "master": ["Master en {f}", "Master 2 {f}"],
        "bachelor": ["Licence en {f}"],
        "other": ["Diplôme universitaire en {f}"],
    },
    "es": {
        "phd": ["Doctorado en {f}"],
        "master": ["Máster en {f}", "Maestría en {f}"],
        "bachelor": ["Licenciatura en {f}", "Grado en {f}"],
        "other": ["Diploma en {f}"],
    },
    "de": {
        "phd": ["Promotion (Dr. rer. nat.), {f}", "Doktor der Naturwissenschaften, {f}"],
        "master": ["Master of Science, {f}", "Diplom, {f}"],
        "bachelor": ["Bachelor of Science, {f}"],
        "other": ["Abitur"],
    },
    "zh": {
        "phd": ["博士 {f}", "理学博士（{f}）"],
        "master": ["硕士 {f}", "工学硕士（{f}）"],
        "bachelor": ["学士 {f}", "本科 {f}"],
        "other": ["大专 {f}"],
    },
    "vi": {
        "phd": ["Tiến sĩ {f}"],
        "master": ["Thạc sĩ {f}"],
        "bachelor": ["Cử nhân {f}"],
        "other": ["Cao đẳng {f}"],
    },
}
IN_PROGRESS_WORDS = {
    "en": "expected {y}",
    "fr": "en cours, fin prévue {y}",
    "es": "en curso",
    "de": "laufend, voraussichtlich {y}",
    "zh": "在读",
    "vi": "đang học",
}
STATED = {
    "en": "{n}+ years of experience in {d}.",
    "fr": "Plus de {n} ans d'expérience en {d}.",
    "es": "Más de {n} años de experiencia en {d}.",
    "de": "Über {n} Jahre Berufserfahrung im Bereich {d}.",
    "zh": "拥有{n}年以上{d}工作经验。",
    "vi": "Hơn {n} năm kinh nghiệm trong lĩnh vực {d}.",
}


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if c.isascii())


def _random_phone(rng: random.Random, region: str) -> tuple[str, str]:
    """(display string in a national or international style, E.164)."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None, region  # noqa: S101 - regions come from PEOPLE, all known
    national = str(example.national_number)
    for _ in range(50):
        digits = national[:-4] + "".join(rng.choice("0123456789") for _ in range(4))
        parsed = phonenumbers.parse("+" + str(example.country_code) + digits)
        if phonenumbers.is_valid_number(parsed):
            number = parsed
            break
    else:
        number = example
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    intl = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    style = rng.random()
    if style < 0.45:
        display = intl
    elif style < 0.7:
        display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    elif style < 0.8:
        display = intl.replace(" ", "-", 2).replace("-", " ", 1)
    elif style < 0.9:
        cc, _, rest = intl.partition(" ")
        display = f"({cc}) {rest}"
    else:
        display = e164
    return display, e164


def _merged_years(jobs: list[Job], created: date) -> float:
    spans = []
    today = created.year * 12 + created.month - 1
    for job in jobs:
        if job.is_internship:
            continue
        s = job.start[0] * 12 + job.start[1] - 1
        e = today if job.end is None else job.end[0] * 12 + job.end[1] - 1
        spans.append((s, min(e, today)))
    if not spans:
        return 0.0
    spans.sort()
    total = 0
    cur_s, cur_e = spans[0]
    for s, e in spans[1:]:
        if s <= cur_e:
            cur_e = max(cur_e, e)
        else:
            total += cur_e - cur_s + 1
            cur_s, cur_e = s, e
    total += cur_e - cur_s + 1
    return round(total / 12, 1)


def random_profile(
    rng: random.Random,
    *,
    name: str | None = None,
    email: str | None = None,
    nationality: str | None = None,
    field: str | None = None,
    created: date | None = None,
) -> CVProfile:
    """A plausible international applicant to a science organisation.

    Every step draws from `rng` in a fixed order, so one seed always gives the same CV (the
    demo and the labelled corpus depend on it): reorder nothing."""
    code = nationality or rng.choice(sorted(PEOPLE))
    region, country, cities, domains, mother = PEOPLE[code][3:]
    name, given, family, native = _names(rng, code, name)
    study = field or rng.choice(FIELDS)
    created = created or date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
    # Applicants of 24 to 50 on the CV's own date: careers of up to some 28 years by then,
    # and nothing on the CV later than the day it was written (degrees still to come aside).
    birth_year = created.year - rng.randint(24, 50)
    education, levels = _education(rng, code, study, birth_year, created)
    area = rng.choice(sorted(TITLES))
    jobs = _jobs(rng, education, area, created)
    stated = _stated_years(rng, jobs, created)
    languages = _languages(rng, mother)
    parts = _ascii(f"{given} {family}").lower().replace("'", "").replace("-", " ").split()
    if email is None:
        email = _email(rng, code, parts, birth_year, domains)
    phone, e164 = _random_phone(rng, region)
    links = _links(rng, parts)
    pubs = _papers(rng, levels, area, education, family, study, created)
    referees = _referees(rng)
    return CVProfile(
        name=name,
        email=email,
        phone=phone,
        phone_e164=e164,
        city=rng.choice(cities),
        country=country,
        headline=rng.choice(TITLES[area]),
        education=education,
        jobs=jobs,
        stated_years=stated,
        languages=languages,
        skills=rng.sample(SKILLS, rng.randint(4, 9)),
        publications=pubs,
        links=links,
        nationality=code,
        native_name=native,
        given_name=given,
        family_name=family,
        birth_date=date(birth_year, rng.randint(1, 12), rng.randint(1, 28)),
        referees=referees,
    )


def _names(rng: random.Random, code: str, name: str | None) -> tuple[str, str, str, str | None]:
    """(name as written, given name, family name, name in Chinese script or None)."""
    givens, families, family_first = PEOPLE[code][:3]
    given, family = rng.choice(givens), rng.choice(families)
    native = None
    if code == "CN" and given in HANZI and family in HANZI:
        native = HANZI[family] + HANZI[given]
    if name is None:
        if family_first and (code == "VN" or rng.random() < 0.5):
            name = f"{family} {given}"
        else:
            name = f"{given} {family}"
    else:
        parts = name.split()
        given, family = " ".join(parts[:-1]) or name, parts[-1]
    return name, given, family, native


def _education(
    rng: random.Random, code: str, study: str, birth_year: int, created: date
) -> tuple[list[Education], list[str]]:
    """Bachelor at ~22, master ~24, PhD ~28; the last may still be in progress. Returns the
    entries and the levels planned (a degree begun after the CV's date is not on it)."""
    education: list[Education] = []
    unis = UNIVERSITIES.get(code, ABROAD)
    year = birth_year + rng.randint(21, 23)
    levels = _degree_levels(rng)
    for level in levels:
        if level == "master":
            year += rng.randint(1, 3)
        elif level == "phd":
            year += rng.randint(3, 5)
        inst = rng.choice(unis if rng.random() < 0.7 else ABROAD)
        education.append(Education("", level, study, inst, year, start_year=year - 3))
        if year > created.year - 1:
            break  # still studying for this one on the CV's date: nothing after it yet
    if year > created.year - 1 or rng.random() < 0.08:
        _still_studying(rng, education, year, created)
    return education, levels


def _degree_levels(rng: random.Random) -> list[str]:
    levels = ["bachelor"]
    if rng.random() < 0.75:
        levels.append("master")
        if rng.random() < 0.55:
            levels.append("phd")
    elif rng.random() < 0.15:
        levels = ["other"]
    return levels


def _still_studying(
    rng: random.Random, education: list[Education], year: int, created: date
) -> None:
    last = education[-1]
    last.in_progress = True
    last.year = max(year, created.year + rng.randint(0, 2))
    # Begun by the CV's date, after the degree before it.
    earlier = education[-2].year if len(education) > 1 else last.year - 4
    last.start_year = min(max(last.year - 3, earlier), created.year)


def _jobs(rng: random.Random, education: list[Education], area: str, created: date) -> list[Job]:
    """Jobs from the end of studies (or during a PhD) until the creation date, latest first."""
    jobs: list[Job] = []
    finished = [e.year for e in education if not e.in_progress]
    start_year = (finished[-1] if finished else created.year - 2) + rng.choice([0, 0, 1])
    cursor: tuple[int, int] | None = (start_year, rng.randint(1, 12))
    if rng.random() < 0.45 and education and education[0].year - 1 < created.year:
        iy = education[0].year - 1
        jobs.append(
            Job(
                "",
                rng.choice(ORGANISATIONS),
                (iy, rng.randint(5, 7)),
                (iy, rng.randint(8, 10)),
                is_internship=True,
            )
        )
    limit = created.year * 12 + created.month - 1
    while cursor is not None and cursor[0] * 12 + cursor[1] - 1 < limit - 3:
        cursor = _next_job(rng, jobs, cursor, area, limit)
    jobs.sort(key=lambda j: j.start, reverse=True)
    return jobs


def _next_job(
    rng: random.Random, jobs: list[Job], cursor: tuple[int, int], area: str, limit: int
) -> tuple[int, int] | None:
    """Adds the job starting at `cursor` (and perhaps a part-time role beside it); returns when
    the next one starts, or None when this one is still going on."""
    months = rng.randint(8, 66)
    end_index = cursor[0] * 12 + cursor[1] - 1 + months
    title = rng.choice(TITLES[area if rng.random() < 0.8 else rng.choice(sorted(TITLES))])
    org = rng.choice(ORGANISATIONS)
    bullets = rng.sample(BULLETS, rng.randint(1, 3))
    if end_index >= limit - 1 or rng.random() < 0.1:
        ongoing = end_index >= limit - 1
        jobs.append(
            Job(title, org, cursor, None if ongoing else _unindex(end_index), bullets=bullets)
        )
        if ongoing:
            return None
    else:
        jobs.append(Job(title, org, cursor, _unindex(end_index), bullets=bullets))
    if rng.random() < 0.15:
        # A concurrent part-time role overlapping the main job.
        cs = cursor[0] * 12 + cursor[1] - 1 + rng.randint(2, max(3, months // 2))
        ce = min(cs + rng.randint(4, 18), limit)
        jobs.append(
            Job(
                "Consultant (part-time)",
                rng.choice(ORGANISATIONS),
                _unindex(cs),
                _unindex(ce),
                bullets=[],
            )
        )
    gap = rng.choice([0, 0, 1, 2, 3, 6])
    return _unindex(end_index + 1 + gap)


def _stated_years(rng: random.Random, jobs: list[Job], created: date) -> str | None:
    """The experience some applicants claim ("8+"), not always what their jobs add up to."""
    true_years = _merged_years(jobs, created)
    if rng.random() < 0.35 and true_years >= 2:
        claimed = int(true_years) if rng.random() < 0.6 else int(true_years) + rng.randint(3, 6)
        return f"{claimed}+"
    return None


def _languages(rng: random.Random, mother: str) -> list[tuple[str, str]]:
    languages = [(mother, "native")]
    if mother != "English":
        languages.append(("English", rng.choice(["C1", "C2", "B2", "fluent", "fluent"])))
    for extra in rng.sample(
        ["French", "German", "Spanish", "Chinese", "Russian", "Japanese", "Arabic", "Portuguese"],
        rng.randint(0, 2),
    ):
        if extra not in {lang for lang, _ in languages}:
            languages.append((extra, rng.choice(["B1", "A2", "intermediate", "basic", "B2"])))
    return languages


def _email(
    rng: random.Random, code: str, parts: list[str], birth_year: int, domains: list[str]
) -> str:
    local = rng.choice(
        [
            ".".join(parts),
            parts[0][0] + parts[-1],
            parts[-1] + "." + parts[0],
            "_".join(parts) + str(rng.randint(1, 99)),
            parts[0] + str(birth_year),
        ]
    )
    if code == "CN" and rng.random() < 0.3:
        local = str(rng.randint(10**7, 10**10))
    return f"{local}@{rng.choice(domains)}"


def _links(rng: random.Random, parts: list[str]) -> list[str]:
    links = []
    if rng.random() < 0.5:
        links.append(f"linkedin.com/in/{'-'.join(parts)}-{rng.randint(100, 999)}")
    if rng.random() < 0.4:
        d = [rng.randint(0, 9) for _ in range(12)]
        links.append("https://orcid.org/0000-000{}-{}{}{}{}-{}{}{}{}".format(*d[:9]))
    if rng.random() < 0.2:
        links.append(f"github.com/{parts[0]}{parts[-1]}")
    if rng.random() < 0.15:
        links.append(f"www.{parts[-1]}-lab.org")
    return links


def _papers(
    rng: random.Random,
    levels: list[str],
    area: str,
    education: list[Education],
    family: str,
    study: str,
    created: date,
) -> list[str] | None:
    """Doctors and researchers publish (and a few others), never before their first degree."""
    if "phd" in levels or area == "research" or rng.random() < 0.1:
        first = min(education[0].year, created.year)
        return [
            _publication(rng, family, study, first, created.year) for _ in range(rng.randint(2, 7))
        ]
    return None


def _referees(rng: random.Random) -> list[tuple[str, str, str]]:
    referees = []
    if rng.random() < 0.3:
        rcode = rng.choice(sorted(PEOPLE))
        rg, rf = rng.choice(PEOPLE[rcode][0]), rng.choice(PEOPLE[rcode][1])
        rmail = f"{_ascii(rf).lower().replace(' ', '')}@{rng.choice(PEOPLE[rcode][6])}"
        referees.append((f"Prof. {rg} {rf}", rmail, _random_phone(rng, PEOPLE[rcode][3])[0]))
    return referees


def _unindex(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def _publication(rng: random.Random, family: str, study: str, first: int, last: int) -> str:
    """A paper published between `first` and `last` (the CV's year): never after the CV."""
    topic = rng.choice(
        [
            "Drivers of",
            "A global assessment of",
            "Long-term trends in",
            "Uncertainty in",
            "Capacity building for",
        ]
    )
    thing = rng.choice(
        [
            "monsoon rainfall",
            "soil carbon",
            "science diplomacy",
            "research funding",
            "glacier retreat",
            "urban heat islands",
            "open data policies",
        ]
    )
    journal = rng.choice(
        [
            "Nature Sustainability",
            "Science and Public Policy",
            "Environmental Research Letters",
            "PLOS ONE",
            "Research Policy",
        ]
    )
    year = rng.randint(first, last)
    return (
        f"{_ascii(family)}, X., Smith, J. ({year}). {topic} {thing} in {study.lower()}. "
        f"{journal}, {rng.randint(3, 60)}({rng.randint(1, 12)}), {rng.randint(1, 400)}."
    )


# --- rendering -------------------------------------------------------------------------------

_FONTS_READY = False


def _register_fonts() -> None:
    global _FONTS_READY
    if _FONTS_READY:
        return
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    _FONTS_READY = True


FAMILIES = {
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic"),
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
    "DejaVu": ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans"),
}


def _has_cjk(text: str) -> bool:
    return any("\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in text)


class _Pen:
    """A cursor over a reportlab canvas that picks a font able to draw each string."""

    def __init__(self, canvas: Canvas, family: str) -> None:
        self.c = canvas
        self.family = FAMILIES[family]
        self.width, self.height = A4
        self.y = self.height - 50
        self.bottom = 50
        self.footer: str | None = None

    def font(self, text: str, style: int) -> str:
        if _has_cjk(text):
            return "STSong-Light"
        try:
            text.encode("cp1252")
        except UnicodeEncodeError:
            return FAMILIES["DejaVu"][style]
        return self.family[style]

    def width_of(self, text: str, size: float, style: int = 0) -> float:
        return pdfmetrics.stringWidth(text, self.font(text, style), size)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float = 10,
        style: int = 0,
        align: str = "left",
        space: float = 0.0,
    ) -> None:
        font = self.font(text, style)
        if space:
            self.c.saveState()
            obj = self.c.beginText()
            obj.setFont(font, size)
            obj.setCharSpace(space)
            w = pdfmetrics.stringWidth(text, font, size) + space * (len(text) - 1)
            start = x - w if align == "right" else x - w / 2 if align == "center" else x
            obj.setTextOrigin(start, y)
            obj.textOut(text)
            self.c.drawText(obj)
            self.c.restoreState()
            return
        self.c.setFont(font, size)
        if align == "right":
            self.c.drawRightString(x, y, text)
        elif align == "center":
            self.c.drawCentredString(x, y, text)
        else:
            self.c.drawString(x, y, text)

    def wrap(self, text: str, width: float, size: float, style: int = 0) -> list[str]:
        if _has_cjk(text) and " " not in text:
            out, cur = [], ""
            for ch in text:
                if self.width_of(cur + ch, size, style) > width:
                    out.append(cur)
                    cur = ch
                else:
                    cur += ch
            return [*out, cur] if cur else out
        lines: list[str] = []
        cur = ""
        for word in text.split():
            trial = f"{cur} {word}".strip()
            if self.width_of(trial, size, style) > width and cur:
                lines.append(cur)
                cur = word
            else:
                cur = trial
        if cur:
            lines.append(cur)
        return lines

    def need(self, height: float) -> None:
        if self.y - height < self.bottom:
            self.new_page()

    def new_page(self) -> None:
        self.draw_footer()
        self.c.showPage()
        self.y = self.height - 50

    def draw_footer(self) -> None:
        if self.footer:
            self.text(self.width / 2, 25, self.footer, 7, align="center")


@dataclass
class _Style:
    language: str
    headings: dict[str, str]
    date_style: int
    present: str
    rng: random.Random
    year_only: bool = False
    dates_below: bool = False
    education_first: bool = False
    suffix: str = ""


def _fmt_date(ym: tuple[int, int] | None, st: _Style) -> str:
    if ym is None:
        return st.present
    y, m = ym
    lang = st.language
    if lang == "zh":
        return f"{y}.{m:02d}" if st.date_style % 2 == 0 else f"{y}年{m}月"
    if lang == "vi":
        return f"{m:02d}/{y}" if st.date_style % 2 == 0 else f"Tháng {m}/{y}"
    if lang == "de":
        return f"{m:02d}/{y}" if st.date_style % 2 == 0 else f"{MONTH_ABBR['de'][m - 1]} {y}"
    if st.date_style == 0 and lang in MONTH_ABBR:
        return f"{MONTH_ABBR[lang][m - 1]} {y}"
    if st.date_style == 1:
        return f"{m:02d}/{y}"
    if st.date_style == 2 and lang == "en":
        return f"{MONTH_FULL_EN[m - 1]} {y}"
    return f"{y}-{m:02d}" if lang == "en" else f"{m:02d}/{y}"


def _fmt_range(job: Job, st: _Style) -> str:
    dash = " – " if st.rng.random() < 0.7 else " - "
    if st.language == "en" and st.date_style == 2:
        dash = " to "
    if st.year_only:
        end = st.present if job.end is None else str(job.end[0])
        return f"{job.start[0]}{dash}{end}"
    if st.language == "de" and job.end is None and st.date_style % 2 == 0:
        return "seit " + _fmt_date(job.start, st)
    return _fmt_date(job.start, st) + dash + _fmt_date(job.end, st)


def _degree_text(entry: Education, st: _Style) -> str:
    lang = st.language
    field_name = FIELDS_ZH.get(entry.field, entry.field) if lang == "zh" else entry.field
    if entry.degree:
        return entry.degree
    options = DEGREES[lang][entry.level]
    text = options[st.rng.randrange(len(options))].format(f=field_name)
    entry.degree = text
    return text


def _job_title(job: Job, st: _Style) -> str:
    if job.is_internship and not job.title:
        options = INTERN_TITLES[st.language] + (
            INTERN_TITLES["en"] if st.rng.random() < 0.3 else []
        )
        job.title = st.rng.choice(options)
    return job.title


def _edu_when(entry: Education, st: _Style) -> str:
    if entry.in_progress:
        words = IN_PROGRESS_WORDS[st.language].format(y=entry.year)
        return (
            f"{entry.start_year} – {st.present} ({words})"
            if st.language in {"zh", "vi"}
            else f"{entry.start_year} – {entry.year} ({words})"
        )
    if st.rng.random() < 0.5:
        return f"{entry.start_year} – {entry.year}"
    return str(entry.year)


def _language_line(language: str, level: str, st: _Style) -> str:
    names = LANGUAGE_WORDS[st.language]
    label = names.get(language, language)
    words = LEVEL_WORDS[st.language]
    shown = level if level not in words else words[level][st.rng.randrange(len(words[level]))]
    if level in {"C1", "C2", "B2", "B1", "A2"} and st.rng.random() < 0.3:
        shown = f"{level} ({'CEFR' if st.language == 'en' else 'CECR'})"
    sep = st.rng.choice([" – ", ": ", " (", " | "])
    return f"{label}{sep}{shown}{')' if sep == ' (' else ''}"


def _summary(profile: CVProfile, st: _Style) -> str:
    domain = {
        "en": "international science cooperation",
        "fr": "coopération scientifique",
        "es": "cooperación científica internacional",
        "de": "Wissenschaftskooperation",
        "zh": "国际科技合作",
        "vi": "hợp tác khoa học quốc tế",
    }[st.language]
    text = f"{profile.headline}. "
    if profile.stated_years:
        text += STATED[st.language].format(n=profile.stated_years.rstrip("+"), d=domain)
    else:
        text += {
            "en": "Experienced in " + domain + ".",
            "fr": "Spécialiste de " + domain + ".",
            "es": "Especialista en " + domain + ".",
            "de": "Schwerpunkt " + domain + ".",
            "zh": "专注于" + domain + "。",
            "vi": "Chuyên về " + domain + ".",
        }[st.language]
    return text


def _contact_items(profile: CVProfile, st: _Style, prefixes: bool = False) -> list[str]:
    items: list[str] = []
    if profile.email:
        items.append(("mailto:" if prefixes else "") + profile.email)
    if profile.phone:
        items.append(("tel:" if prefixes else "") + profile.phone)
    items.append(f"{profile.city}, {profile.country}")
    items.extend(profile.links)
    return items


def _shown_name(profile: CVProfile, st: _Style, layout: str = "") -> str:
    if st.language == "zh" and profile.native_name and layout != "name_split":
        return profile.native_name
    return profile.name


class _Body:
    """Draws the sections of a single-column CV body; layouts vary the header and styling."""

    def __init__(
        self,
        pen: _Pen,
        st: _Style,
        left: float = 56,
        right: float = 539,
        heading_space: float = 0.0,
        heading_caps: bool = True,
    ) -> None:
        self.pen, self.st, self.left, self.right = pen, st, left, right
        self.heading_space = heading_space
        self.heading_caps = heading_caps

    def heading(self, kind: str) -> None:
        pen = self.pen
        pen.need(40)
        pen.y -= 14
        text = self.st.headings[kind]
        if self.heading_caps and not _has_cjk(text):
            text = text.upper()
        pen.text(self.left, pen.y, text, 11.5, 1, space=self.heading_space)
        pen.c.setLineWidth(0.6)
        pen.c.line(self.left, pen.y - 4, self.right, pen.y - 4)
        pen.y -= 18

    def para(self, text: str, size: float = 10, indent: float = 0, style: int = 0) -> None:
        for line in self.pen.wrap(text, self.right - self.left - indent, size, style):
            self.pen.need(14)
            self.pen.text(self.left + indent, self.pen.y, line, size, style)
            self.pen.y -= size + 3.5

    def job(self, job: Job) -> None:
        pen, st = self.pen, self.st
        pen.need(50)
        pen.text(self.left, pen.y, _job_title(job, st), 10.5, 1)
        if st.dates_below:
            pen.y -= 13.5
            pen.text(self.left, pen.y, f"{job.organisation} | {_fmt_range(job, st)}", 10, 2)
        else:
            pen.text(self.right, pen.y, _fmt_range(job, st), 10, 0, align="right")
            pen.y -= 13.5
            pen.text(self.left, pen.y, job.organisation, 10, 2)
        pen.y -= 13.5
        for bullet in job.bullets:
            self.para("• " + bullet, 9.5, indent=8)
        pen.y -= 4

    def education(self, entry: Education) -> None:
        pen, st = self.pen, self.st
        pen.need(40)
        pen.text(self.left, pen.y, _degree_text(entry, st), 10.5, 1)
        pen.text(self.right, pen.y, _edu_when(entry, st), 10, 0, align="right")
        pen.y -= 13.5
        pen.text(self.left, pen.y, entry.institution, 10, 2)
        pen.y -= 17

    def sections(self, profile: CVProfile, *, sidebar_done: bool = False) -> None:
        st = self.st
        self.heading("summary")
        self.para(_summary(profile, st))
        if st.education_first:
            self.heading("education")
            for entry in reversed(profile.education):
                self.education(entry)
        self.heading("experience")
        for job in profile.jobs:
            self.job(job)
        if not st.education_first:
            self.heading("education")
            for entry in reversed(profile.education):
                self.education(entry)
        if profile.publications:
            self.heading("publications")
            numbered = st.rng.random() < 0.6
            for n, pub in enumerate(profile.publications, 1):
                self.para((f"[{n}] " if numbered else "• ") + pub, 9.5)
                self.pen.y -= 2
        if not sidebar_done:
            self.heading("skills")
            self.para(", ".join(profile.skills))
            self.heading("languages")
            if st.rng.random() < 0.5:
                self.para(
                    "; ".join(_language_line(lang, lvl, st) for lang, lvl in profile.languages)
                )
            else:
                for lang, lvl in profile.languages:
                    self.para(_language_line(lang, lvl, st))
        if profile.referees and st.language == "en":
            self.heading("references")
            for name, mail, phone in profile.referees:
                self.para(f"{name}, {mail}, {phone}")


def render_cv(
    profile: CVProfile,
    *,
    layout: str,
    language: str = "en",
    created: date | None = None,
    seed: int = 0,
) -> bytes:
    """Render `profile` as a PDF in one of LAYOUTS with section headings in `language`."""
    _register_fonts()
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    if layout == "scanned":
        # The renderer has no CJK font to draw reportlab's built-in Chinese font with, so a
        # scan of a Chinese CV would come out blank: scans are of Latin-script CVs.
        shown = "en" if language == "zh" else language
        text = render_cv(profile, layout="single", language=shown, created=created, seed=seed)
        return image_only_copy(text)
    rng = random.Random(f"{profile.name}|{layout}|{language}|{seed}")  # noqa: S311 - sample data
    st = _random_style(profile, language, rng)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1)
    when = created or date(2024, 1, 15)
    canvas._doc.info._dateFormatter = (  # reportlab has no public setter for CreationDate
        lambda *_: when.strftime("D:%Y%m%d120000+00'00'")
    )
    canvas.setTitle(f"CV {_ascii(profile.name)}")
    family = rng.choice(["Times", "Helvetica", "DejaVu"])
    pen = _Pen(canvas, family)
    if layout == "no_contact":
        profile = _without_contact(profile)
    if layout == "cover_page":
        _cover(pen, profile, rng)
    if layout == "two_column":
        _two_column(pen, profile, st)
    elif layout == "table":
        _table(pen, profile, st)
    elif layout == "header_table":
        _header_table(pen, profile, st)
    else:
        _single(pen, profile, st, layout)
    pen.draw_footer()
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _random_style(profile: CVProfile, language: str, rng: random.Random) -> _Style:
    headings = rng.choice(HEADINGS[language])
    st = _Style(language, headings, rng.randrange(3), rng.choice(PRESENT[language]), rng)
    # Variations seen on real CVs: year-only dates, dates under the title, education first
    # (academics), a degree after the name.
    st.year_only = rng.random() < 0.12
    st.dates_below = rng.random() < 0.3
    st.education_first = rng.random() < 0.25
    if (
        language == "en"
        and any(e.level == "phd" and not e.in_progress for e in profile.education)
        and rng.random() < 0.4
    ):
        st.suffix = rng.choice([", PhD", ", Ph.D."])
    return st


def _without_contact(profile: CVProfile) -> CVProfile:
    from dataclasses import replace

    return replace(profile, email=None, phone=None, phone_e164=None, links=[], referees=[])


def _cover(pen: _Pen, profile: CVProfile, rng: random.Random) -> None:
    board, domain = rng.choice(
        [
            ("ScienceCareers Hub", "sciencecareershub.com"),
            ("GlobalTalent Jobs", "globaltalentjobs.net"),
            ("ResearchJobs Board", "researchjobsboard.org"),
        ]
    )
    phone = rng.choice(["+44 20 7946 0321", "+1 617 555 0143", "+86 10 6552 0199"])
    c = pen.c
    c.setFillColor(Color(0.1, 0.3, 0.6))
    c.rect(0, pen.height - 120, pen.width, 120, fill=1, stroke=0)
    c.setFillColor(Color(1, 1, 1))
    pen.text(56, pen.height - 75, board, 28, 1)
    c.setFillColor(Color(0, 0, 0))
    y = pen.height - 170
    lines = [
        ("Candidate Profile", 16, 1),
        (
            f"Position: {profile.headline} (Ref. {rng.randint(2018, 2024)}-{rng.randint(10, 99)})",
            11,
            0,
        ),
        (f"Candidate: {profile.name}", 11, 0),
        (f"Applied via {board} on {rng.randint(1, 28)} March {rng.randint(2018, 2024)}", 11, 0),
        (f"Candidate ID: {rng.randint(100000, 999999)}", 11, 0),
        ("", 11, 0),
        (
            "This profile was exported for the hiring organisation. Questions about this export?",
            10,
            0,
        ),
        (f"Contact recruiter support: support@{domain}   Tel. {phone}", 10, 0),
    ]
    for text, size, style in lines:
        if text:
            pen.text(56, y, text, size, style)
        y -= size + 10
    pen.footer = f"Exported from {board} · support@{domain}"
    pen.new_page()


def _single(pen: _Pen, profile: CVProfile, st: _Style, layout: str) -> None:
    name = _shown_name(profile, st, layout)
    space = 3.0 if layout == "letterspaced" else 0.0
    if layout == "name_split":
        _name_split_header(pen, profile, st, name)
    elif layout == "icons":
        _icons_header(pen, profile, st, name)
    else:
        _centred_header(pen, profile, st, name, space)
    pen.y -= 4
    _Body(pen, st, heading_space=space).sections(profile)


def _name_split_header(pen: _Pen, profile: CVProfile, st: _Style, name: str) -> None:
    """Given name over the family name in capitals, contact details one a line below."""
    given, family_name = profile.given_name, profile.family_name
    if profile.nationality in {"CN", "KR", "VN"} and name.startswith(family_name):
        given, family_name = family_name, given
    pen.text(56, pen.y - 10, given, 24, 0)
    pen.text(56, pen.y - 40, family_name.upper(), 24, 1)
    pen.y -= 62
    pen.text(56, pen.y, profile.headline, 12, 2)
    pen.y -= 18
    for item in _contact_items(profile, st):
        pen.text(56, pen.y, item, 9.5)
        pen.y -= 12.5


def _icons_header(pen: _Pen, profile: CVProfile, st: _Style, name: str) -> None:
    """Name and headline on the left, contact details behind icons on the right."""
    pen.text(56, pen.y - 12, name + st.suffix, 22, 1)
    pen.text(56, pen.y - 32, profile.headline, 12, 2)
    y = pen.y
    icons = []
    if profile.email:
        icons.append(("✉", "mailto:" + profile.email if st.rng.random() < 0.6 else profile.email))
    if profile.phone:
        icons.append(
            (
                "☎",
                "tel:" + profile.phone.replace(" ", "") if st.rng.random() < 0.4 else profile.phone,
            )
        )
    icons.append(("⌂", f"{profile.city}, {profile.country}"))
    for link in profile.links:
        icons.append(("➜", link))
    for icon, text in icons:
        pen.c.setFont("DejaVuSans", 9)
        pen.c.drawString(360, y, icon)
        pen.text(374, y, text, 9)
        y -= 12.5
    pen.y = min(pen.y - 50, y - 6)


def _centred_header(pen: _Pen, profile: CVProfile, st: _Style, name: str, space: float) -> None:
    """The name centred (capitals when letter-spaced), contact details on a line below it and,
    where the custom is, the date of birth."""
    name += st.suffix
    pen.text(
        pen.width / 2,
        pen.y - 10,
        name.upper() if space else name,
        20 if not space else 18,
        1,
        align="center",
        space=space,
    )
    pen.y -= 30
    items = _contact_items(profile, st)
    line = "  |  ".join(items)
    for chunk in pen.wrap(line, 480, 9.5):
        pen.text(pen.width / 2, pen.y, chunk, 9.5, align="center")
        pen.y -= 12.5
    if profile.birth_date and st.language in {"de", "zh", "vi", "es"}:
        label = {
            "de": "Geburtsdatum",
            "zh": "出生日期",
            "vi": "Ngày sinh",
            "es": "Fecha de nacimiento",
        }[st.language]
        pen.text(pen.width / 2, pen.y, f"{label}: {profile.birth_date:%d.%m.%Y}", 9, align="center")
        pen.y -= 12.5


def _two_column(pen: _Pen, profile: CVProfile, st: _Style) -> None:
    c = pen.c
    main_l, main_r = 200.0, 560.0
    c.setFillColor(Color(0.92, 0.94, 0.97))
    c.rect(0, 0, 190, pen.height, fill=1, stroke=0)
    c.setFillColor(Color(0, 0, 0))
    _sidebar(_Sidebar(pen, st), profile, st)
    pen.text(main_l, pen.height - 62, _shown_name(profile, st), 22, 1)
    pen.text(main_l, pen.height - 82, profile.headline, 12, 2)
    pen.y = pen.height - 110
    body = _Body(pen, st, left=main_l, right=main_r, heading_caps=False)
    body.sections(profile, sidebar_done=True)


class _Sidebar:
    """The left column of the two-column layout, written from the top down."""

    left, right = 28.0, 178.0

    def __init__(self, pen: _Pen, st: _Style) -> None:
        self.pen, self.st = pen, st
        self.y = pen.height - 60

    def heading(self, kind: str) -> None:
        text = self.st.headings[kind]
        self.y -= 10
        self.pen.text(self.left, self.y, text.upper() if not _has_cjk(text) else text, 10.5, 1)
        self.y -= 16

    def line(self, text: str, size: float = 8.5) -> None:
        if "@" in text and self.pen.width_of(text, size) > self.right - self.left:
            local, domain = text.split("@", 1)
            pieces = [local + "@", domain]  # long e-mails wrap after the @
        else:
            pieces = self.pen.wrap(text, self.right - self.left, size)
        for piece in pieces:
            self.pen.text(self.left, self.y, piece, size)
            self.y -= size + 3


def _sidebar(side: _Sidebar, profile: CVProfile, st: _Style) -> None:
    side.heading("contact")
    for item in _contact_items(profile, st):
        side.line(item)
    side.heading("skills")
    for skill in profile.skills:
        side.line(skill)
    side.heading("languages")
    level_below = st.rng.random() < 0.5
    for lang, level in profile.languages:
        line = _language_line(lang, level, st)
        sep = next((sep for sep in (" – ", ": ", " (", " | ") if sep in line), None)
        if not level_below:
            side.line(line)
        elif sep is not None:  # the level below its language (one that cannot be split: none)
            head, _, tail = line.partition(sep)
            side.line(head, 9)
            side.line(tail.rstrip(")"), 8)


TABLE_TITLES = {
    "en": "CURRICULUM VITAE",
    "fr": "CURRICULUM VITAE",
    "es": "CURRÍCULUM VITAE",
    "de": "LEBENSLAUF",
    "zh": "个人简历",
    "vi": "SƠ YẾU LÝ LỊCH",
}
TABLE_LABELS = {
    "en": ("Name", "Address", "Phone", "E-mail", "Date of birth"),
    "fr": ("Nom", "Adresse", "Téléphone", "Courriel", "Date de naissance"),
    "es": ("Nombre", "Dirección", "Teléfono", "Correo", "Fecha de nacimiento"),
    "de": ("Name", "Anschrift", "Telefon", "E-Mail", "Geburtsdatum"),
    "zh": ("姓名", "地址", "电话", "邮箱", "出生日期"),
    "vi": ("Họ và tên", "Địa chỉ", "Điện thoại", "Email", "Ngày sinh"),
}


class _Grid:
    """The ruled grid of the table layout: a label cell and a text cell a row, grey bands
    between the sections."""

    left, split, right = 50.0, 175.0, 545.0
    width = right - split - 12  # of the text in a row's right cell

    def __init__(self, pen: _Pen, st: _Style) -> None:
        self.pen, self.st = pen, st

    def row(self, label: str, lines: list[tuple[str, int]], size: float = 10) -> None:
        pen, c = self.pen, self.pen.c
        height = len(lines) * (size + 3.5) + 6
        pen.need(height + 4)
        top = pen.y + size + 1
        c.setLineWidth(0.5)
        c.rect(self.left, top - height, self.right - self.left, height, stroke=1, fill=0)
        c.line(self.split, top, self.split, top - height)
        pen.text(self.left + 5, pen.y - 1, label, size - 0.5, 0)
        y = pen.y - 1
        for text, style in lines:
            pen.text(self.split + 6, y, text, size, style)
            y -= size + 3.5
        pen.y -= height

    def wrapped(self, label: str, text: str, size: float = 10) -> None:
        self.row(label, [(t, 0) for t in self.pen.wrap(text, self.width, size)])

    def section(self, kind: str) -> None:
        pen, c = self.pen, self.pen.c
        pen.need(50)
        pen.y -= 12
        c.setFillColor(Color(0.85, 0.85, 0.85))
        c.rect(self.left, pen.y - 4, self.right - self.left, 16, fill=1, stroke=0)
        c.setFillColor(Color(0, 0, 0))
        pen.text(self.left + 5, pen.y, self.st.headings[kind], 11, 1)
        pen.y -= 19


def _table(pen: _Pen, profile: CVProfile, st: _Style) -> None:
    pen.text(pen.width / 2, pen.y - 6, TABLE_TITLES[st.language], 16, 1, align="center")
    pen.y -= 36
    grid = _Grid(pen, st)
    labels = TABLE_LABELS[st.language]
    for label, value in _table_details(profile, st, labels):
        grid.row(label, [(value, 1 if label == labels[0] else 0)])
    _table_sections(grid, profile, st)


def _table_details(
    profile: CVProfile, st: _Style, labels: tuple[str, ...]
) -> list[tuple[str, str]]:
    rows = [
        (labels[0], _shown_name(profile, st)),
        (labels[1], f"{st.rng.randint(2, 180)} Main Street, {profile.city}, {profile.country}"),
    ]
    if profile.phone:
        rows.append((labels[2], profile.phone))
    if profile.email:
        rows.append((labels[3], profile.email))
    if profile.birth_date and st.rng.random() < 0.5:
        rows.append((labels[4], f"{profile.birth_date:%d/%m/%Y}"))
    for link in profile.links:
        rows.append(("Web", link))
    return rows


def _table_sections(grid: _Grid, profile: CVProfile, st: _Style) -> None:
    grid.section("summary")
    grid.wrapped("", _summary(profile, st))
    grid.section("experience")
    for job in profile.jobs:
        lines = [(_job_title(job, st), 1), (job.organisation, 0)]
        for b in job.bullets[:2]:
            lines += [(t, 0) for t in grid.pen.wrap("- " + b, grid.width, 9.5)]
        grid.row(_fmt_range(job, st), lines)
    grid.section("education")
    for entry in reversed(profile.education):
        grid.row(_edu_when(entry, st), [(_degree_text(entry, st), 1), (entry.institution, 0)])
    if profile.publications:
        grid.section("publications")
        for n, pub in enumerate(profile.publications, 1):
            grid.wrapped(f"{n}.", pub, 9.5)
    grid.section("skills")
    grid.wrapped("", ", ".join(profile.skills))
    grid.section("languages")
    for lang, level in profile.languages:
        line = _language_line(lang, level, st)
        grid.row(
            LANGUAGE_WORDS[st.language].get(lang, lang),
            [(line.split(lang)[-1].strip(" –:(|)") or line, 0)],
        )


HEADER_LABELS = {
    "en": ("Name", "Date of birth", "Hometown", "Mobile", "E-mail", "Internships"),
    "fr": ("Nom", "Date de naissance", "Ville", "Portable", "Courriel", "Stages"),
    "es": ("Nombre", "Fecha de nacimiento", "Ciudad", "Móvil", "Correo", "Prácticas"),
    "de": ("Name", "Geburtsdatum", "Wohnort", "Mobil", "E-Mail", "Praktika"),
    "zh": ("姓名", "出生年月", "籍贯", "手机", "邮箱", "实习经历"),
    "vi": ("Họ và tên", "Ngày sinh", "Quê quán", "Điện thoại", "Email", "Thực tập"),
}
CERTIFICATES = {"English": "CET-6", "Japanese": "JLPT N2"}


def _header_table(pen: _Pen, profile: CVProfile, st: _Style) -> None:
    """A grid of personal details at the top (and a photo box), as Chinese CVs have, then
    sections with one row per entry: dates, place, role; internships in their own section."""
    left, right = 50.0, 545.0
    title = "个人简历" if st.language == "zh" else "CURRICULUM VITAE"
    pen.text(pen.width / 2, pen.y - 6, title, 16, 1, align="center")
    pen.y -= 34
    _details_grid(pen, profile, st, left, right)
    rows = _RowPen(pen, left, right)
    rows.section(st.headings["education"])
    for item in reversed(profile.education):
        rows.entry(_edu_when(item, st), item.institution, _degree_text(item, st))
    rows.section(st.headings["experience"])
    for job in (j for j in profile.jobs if not j.is_internship):
        rows.entry(_fmt_range(job, st), job.organisation, _job_title(job, st))
        for bullet in job.bullets[:1]:
            rows.line("• " + bullet, indent=170, size=9)
    interns = [job for job in profile.jobs if job.is_internship]
    if interns:
        rows.section(HEADER_LABELS[st.language][5])
        for job in interns:
            rows.entry(_fmt_range(job, st), job.organisation, _job_title(job, st))
    rows.section(st.headings["skills"])
    for text in pen.wrap(", ".join(profile.skills), right - left - 10, 10):
        rows.line(text)
    rows.section(st.headings["languages"])
    for lang, level in profile.languages:
        text = _language_line(lang, level, st)
        if st.language == "zh" and lang in CERTIFICATES and level not in {"native", "basic"}:
            text = f"{LANGUAGE_WORDS['zh'].get(lang, lang)} {CERTIFICATES[lang]}"
        rows.line(text)


def _details_grid(pen: _Pen, profile: CVProfile, st: _Style, left: float, right: float) -> None:
    labels = HEADER_LABELS[st.language]
    birth = f"{profile.birth_date:%Y.%m}" if profile.birth_date else ""
    cells = [
        (labels[0], _shown_name(profile, st), labels[1], birth),
        (labels[2], profile.city, labels[3], profile.phone or ""),
        (labels[4], profile.email or "", "", ""),
    ]
    columns = (left, left + 70, left + 215, left + 285, left + 410, right)
    top = pen.y + 13
    for label_a, value_a, label_b, value_b in cells:
        pen.text(columns[0] + 5, pen.y, label_a, 10)
        pen.text(columns[1] + 5, pen.y, value_a, 11 if label_a == labels[0] else 10)
        pen.text(columns[2] + 5, pen.y, label_b, 10)
        pen.text(columns[3] + 5, pen.y, value_b, 10)
        pen.y -= 22
    c = pen.c
    c.setLineWidth(0.5)
    c.rect(left, pen.y + 9, right - left, top - pen.y - 9, stroke=1, fill=0)
    for x in columns[1:-1]:
        c.line(x, top, x, pen.y + 9)
    photo = "照片" if st.language == "zh" else "photo"
    pen.text((columns[4] + right) / 2, top - 38, photo, 8, align="center")
    pen.y -= 10


class _RowPen:
    """Section bars and one-row entries: dates at the left, the place, the role at the right."""

    def __init__(self, pen: _Pen, left: float, right: float) -> None:
        self.pen, self.left, self.right = pen, left, right

    def section(self, text: str) -> None:
        pen, c = self.pen, self.pen.c
        pen.need(50)
        pen.y -= 10
        c.setFillColor(Color(0.86, 0.89, 0.95))
        c.rect(self.left, pen.y - 4, self.right - self.left, 16, fill=1, stroke=0)
        c.setFillColor(Color(0, 0, 0))
        pen.text(self.left + 5, pen.y, text, 11, 1)
        pen.y -= 20

    def entry(self, when: str, place: str, what: str) -> None:
        pen, left, right = self.pen, self.left, self.right
        pen.need(30)
        pen.text(left + 5, pen.y, when, 10)
        pen.text(left + 170, pen.y, place, 10, 1)
        room = right - 5 - (left + 170 + pen.width_of(place, 10, 1) + 24)
        if pen.width_of(what, 10) <= room:
            pen.text(right - 5, pen.y, what, 10, align="right")
        else:  # too long beside the place: on the line below, as such CVs wrap it
            pen.y -= 13
            pen.text(left + 170, pen.y, what, 10)
        pen.y -= 15

    def line(self, text: str, indent: float = 0, size: float = 10) -> None:
        self.pen.need(16)
        self.pen.text(self.left + 5 + indent, self.pen.y, text, size)
        self.pen.y -= size + 4


# --- labelled corpus -------------------------------------------------------------------------

NATIONALITY_FOR = {"fr": ["FR"], "es": ["ES", "MX", "AR"], "de": ["DE"], "zh": ["CN"], "vi": ["VN"]}


_NO_RNG = random.Random(0)  # noqa: S311 - only used for formatting, never for secrets


# How the parser names the level of what the generator prints as an "other" qualification.
_PRINTED_LEVELS = (
    ("Abitur", "secondary"),
    ("Higher National Diploma", "associate"),
    ("大专", "associate"),
    ("Cao đẳng", "associate"),
)
_RANK = {"other": 0, "secondary": 1, "associate": 2, "bachelor": 3, "master": 4, "phd": 5}


def _printed_level(entry: Education) -> str:
    if entry.level != "other":
        return entry.level
    return next((lvl for word, lvl in _PRINTED_LEVELS if word in entry.degree), "other")


def expected_labels(profile: CVProfile, layout: str, language: str, created: date) -> dict:
    """What a correct parse of the rendered CV gives (render it first: degrees are worded then)."""
    contact = layout != "no_contact"
    completed = [_printed_level(e) for e in profile.education if not e.in_progress]
    mentioned = [_printed_level(e) for e in profile.education]
    return {
        "name": _shown_name(profile, _Style(language, {}, 0, "", _NO_RNG), layout),
        "email": profile.email.lower() if contact and profile.email else None,
        "phone": profile.phone_read if contact else None,
        "highest_degree": max(completed, key=_RANK.__getitem__) if completed else None,
        "highest_degree_mentioned": max(mentioned, key=_RANK.__getitem__) if mentioned else None,
        "years_experience": _merged_years(profile.jobs, created),
        "languages": {lang for lang, _ in profile.languages},
    }


def labelled_corpus(
    seed: int = 20240601, extra_per_layout: int = 2, layouts: tuple[str, ...] = TEXT_LAYOUTS
) -> list[tuple[CVProfile, str, bytes, dict]]:
    """Every layout in every heading language, plus English CVs of other nationalities.

    Returns (profile, layout, pdf bytes, expected labels); deterministic for a given seed.
    Scans are left out unless asked for: reading them needs Tesseract and seconds per page.
    """
    rng = random.Random(seed)  # noqa: S311 - a fixed seed makes the corpus reproducible
    items: list[tuple[CVProfile, str, bytes, dict]] = []
    others = sorted(PEOPLE)
    n = 0
    for layout in layouts:
        plan = [(lang, rng.choice(NATIONALITY_FOR[lang])) for lang in LANGUAGES if lang != "en"]
        plan.append(("en", others[n % len(others)]))
        for _ in range(extra_per_layout):
            n += 1
            plan.append(("en", others[n % len(others)]))
        n += 1
        for language, nationality in plan:
            created = date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
            profile = random_profile(rng, nationality=nationality, created=created)
            data = render_cv(profile, layout=layout, language=language, created=created)
            items.append(
                (profile, layout, data, expected_labels(profile, layout, language, created))
            )
    return items


# --- sketches: small hand-placed CVs for the tests ------------------------------------------


@dataclass
class Ink:
    """One string placed on a page: x from the left, y from the top, in points."""

    x: float
    y: float
    text: str
    size: float = 10
    bold: bool = False
    spacing: float = 0.0  # extra space after every character (letter-spaced capitals)
    align: str = "left"


def sketch_pdf(pages: list[list[Ink]], *, created: date | None = date(2024, 1, 15)) -> bytes:
    """A PDF drawn exactly as told, for tests that reproduce one real-world layout.

    Text is drawn with Helvetica (DejaVu for other Latin-script and Greek text, STSong for
    Chinese and Japanese), so the text layer holds exactly the strings given.
    """
    _register_fonts()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1)
    when = created or date(2024, 1, 15)
    canvas._doc.info._dateFormatter = (  # reportlab has no public setter for CreationDate
        lambda *_: when.strftime("D:%Y%m%d120000+00'00'")
    )
    pen = _Pen(canvas, "Helvetica")
    for n, page in enumerate(pages):
        if n:
            canvas.showPage()
        for ink in page:
            _draw_cells(pen, ink)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _draw_cells(pen: _Pen, ink: Ink) -> None:
    """Two or more spaces in an Ink's text are a gap between table cells, drawn as a gap."""
    style = 1 if ink.bold else 0
    cells = [c for c in ink.text.split("  ") if c.strip()] or [ink.text]
    gap = 2.0 * ink.size
    widths = [pen.width_of(c.strip(), ink.size, style) for c in cells]
    total = sum(widths) + gap * (len(cells) - 1)
    x = ink.x - total if ink.align == "right" else ink.x
    if len(cells) == 1:
        pen.text(ink.x, A4[1] - ink.y, cells[0], ink.size, style, ink.align, ink.spacing)
        return
    for cell, width in zip(cells, widths, strict=True):
        pen.text(x, A4[1] - ink.y, cell.strip(), ink.size, style, space=ink.spacing)
        x += width + gap


def image_only_copy(data: bytes, *, scale: float = 2.0, max_pages: int = 5) -> bytes:
    """The same CV as a scan: each page rendered to a picture, with no text layer left."""
    import pypdfium2
    from reportlab.lib.utils import ImageReader

    document = pypdfium2.PdfDocument(data)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1)
    # A scanner stamps the day of the scan; keep the original's date so "present" is the same.
    stamp = document.get_metadata_dict().get("CreationDate")
    if stamp:
        canvas._doc.info._dateFormatter = lambda *_: stamp
    try:
        for index in range(min(len(document), max_pages)):
            page = document[index]
            width, height = page.get_size()
            image = page.render(scale=scale, grayscale=True).to_pil()
            canvas.setPageSize((width, height))
            canvas.drawImage(ImageReader(image), 0, 0, width=width, height=height)
            canvas.showPage()
    finally:
        document.close()
    canvas.save()
    return buf.getvalue()


# --- bad files -------------------------------------------------------------------------------


def _simple_pdf(**canvas_kwargs: object) -> bytes:
    _register_fonts()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1, **canvas_kwargs)
    canvas.setFont("Helvetica", 11)
    for n, line in enumerate(
        [
            "Jane Example",
            "jane@example.org",
            "Experience",
            "Programme Officer, 2019 - present, Example Institute",
            "Education",
            "MSc in Ecology, 2018",
        ]
    ):
        canvas.drawString(72, 760 - 16 * n, line)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    """A CV that needs a user password to open."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    return _simple_pdf(encrypt=StandardEncryption("secret", ownerPassword="owner", strength=128))


def image_only_pdf() -> bytes:
    """A scanned CV: one page that is a picture of text, with no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(image)
    for n in range(40):
        draw.text((40, 30 + n * 20), f"Curriculum vitae line {n}  lorem ipsum dolor", fill=0)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1)
    canvas.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def truncated_pdf() -> bytes:
    """A download cut off half-way."""
    data = render_cv(random_profile(random.Random(7)), layout="single")  # noqa: S311
    return data[: len(data) // 3]


def deeply_nested_pdf(depth: int = 20000) -> bytes:
    """A font whose /Widths nests arrays `depth` deep: a recursion bomb for PDF readers."""
    nested = b"[" * depth + b"]" * depth
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"",  # the page's content, below
        # pdfminer resolves a simple font's /Widths recursively.
        b"<< /Type /Font /Subtype /Type1 /BaseFont /CustomSans /FirstChar 32 /Widths "
        + nested
        + b" >>",
    ]
    stream = b"BT /F1 12 Tf 72 760 Td (" + b"Nested payload text " * 5 + b") Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def not_a_pdf() -> bytes:
    """A Word document renamed to .pdf, as applicants do."""
    return b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml" + b"\x00" * 64
