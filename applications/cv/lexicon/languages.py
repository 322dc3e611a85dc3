"""Language names, levels and the certificates that state a language."""

from __future__ import annotations

import re

from applications.cv.lexicon.headings import fold

# Language names in several languages -> English name. Matched on folded text.
LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "English": (
        "english",
        "anglais",
        "inglés",
        "ingles",
        "englisch",
        "inglese",
        "inglês",
        "英语",
        "英文",
        "tiếng anh",
        "английский",
        "αγγλικά",
        "英語",
        "영어",
        "английский язык",
    ),
    "Chinese": (
        "chinese",
        "mandarin",
        "cantonese",
        "chinois",
        "chino",
        "chinesisch",
        "cinese",
        "chinês",
        "mandarín",
        "中文",
        "汉语",
        "普通话",
        "粤语",
        "tiếng trung",
        "tiếng hoa",
        "китайский",
        "中国語",
        "중국어",
        "putonghua",
        "κινέζικα",
    ),
    "French": (
        "french",
        "français",
        "francais",
        "francés",
        "frances",
        "französisch",
        "francese",
        "francês",
        "法语",
        "tiếng pháp",
        "французский",
        "γαλλικά",
        "フランス語",
        "프랑스어",
    ),
    "German": (
        "german",
        "allemand",
        "alemán",
        "aleman",
        "deutsch",
        "tedesco",
        "alemão",
        "德语",
        "tiếng đức",
        "немецкий",
        "γερμανικά",
        "ドイツ語",
        "독일어",
    ),
    "Spanish": (
        "spanish",
        "espagnol",
        "español",
        "espanol",
        "castellano",
        "spanisch",
        "spagnolo",
        "espanhol",
        "西班牙语",
        "tiếng tây ban nha",
        "испанский",
        "ισπανικά",
        "スペイン語",
        "스페인어",
    ),
    "Portuguese": (
        "portuguese",
        "portugais",
        "portugués",
        "portugues",
        "portugiesisch",
        "portoghese",
        "português",
        "葡萄牙语",
        "tiếng bồ đào nha",
        "πορτογαλικά",
    ),
    "Italian": (
        "italian",
        "italien",
        "italiano",
        "italienisch",
        "意大利语",
        "tiếng ý",
        "ιταλικά",
        "イタリア語",
        "이탈리아어",
        "italiana",
    ),
    "Russian": (
        "russian",
        "russe",
        "ruso",
        "russisch",
        "russo",
        "俄语",
        "tiếng nga",
        "русский",
        "ρωσικά",
        "ロシア語",
        "러시아어",
    ),
    "Japanese": (
        "japanese",
        "japonais",
        "japonés",
        "japanisch",
        "giapponese",
        "japonês",
        "日语",
        "日文",
        "tiếng nhật",
        "日本語",
        "일본어",
        "ιαπωνικά",
    ),
    "Korean": (
        "korean",
        "coréen",
        "coreano",
        "koreanisch",
        "韩语",
        "朝鲜语",
        "tiếng hàn",
        "한국어",
        "韓国語",
        "朝鮮語",
        "κορεατικά",
    ),
    "Vietnamese": (
        "vietnamese",
        "vietnamien",
        "vietnamita",
        "vietnamesisch",
        "越南语",
        "tiếng việt",
    ),
    "Arabic": (
        "arabic",
        "arabe",
        "árabe",
        "arabisch",
        "arabo",
        "阿拉伯语",
        "tiếng ả rập",
        "αραβικά",
        "アラビア語",
    ),
    "Hindi": ("hindi", "印地语"),
    "Urdu": ("urdu", "ourdou", "乌尔都语"),
    "Bengali": ("bengali", "bangla"),
    "Tamil": ("tamil",),
    "Telugu": ("telugu",),
    "Punjabi": ("punjabi",),
    "Marathi": ("marathi",),
    "Swahili": ("swahili", "kiswahili", "souahéli"),
    "Yoruba": ("yoruba",),
    "Igbo": ("igbo",),
    "Hausa": ("hausa",),
    "Dutch": (
        "dutch",
        "néerlandais",
        "neerlandés",
        "niederländisch",
        "holländisch",
        "nederlands",
        "荷兰语",
        "ολλανδικά",
    ),
    "Polish": ("polish", "polonais", "polaco", "polnisch", "polski"),
    "Turkish": (
        "turkish",
        "turc",
        "turco",
        "türkisch",
        "türkçe",
        "τουρκικά",
        "土耳其语",
    ),
    "Persian": ("persian", "farsi", "persan"),
    "Thai": ("thai", "thaï", "泰语", "tiếng thái"),
    "Indonesian": ("indonesian", "bahasa indonesia", "indonésien"),
    "Malay": ("malay", "bahasa melayu", "malais"),
    "Swedish": ("swedish", "suédois", "sueco", "schwedisch"),
    "Greek": (
        "greek",
        "grec",
        "griego",
        "griechisch",
        "ελληνικά",
        "griechisch",
        "grec",
        "griego",
        "greco",
        "希腊语",
    ),
    "Ukrainian": ("ukrainian", "ukrainien", "ucraniano", "ukrainisch"),
    "Amharic": ("amharic",),
}

LANGUAGE_PATTERN = re.compile(
    "|".join(
        # CJK names have no word boundaries around them; Latin names do.
        (
            re.escape(fold(n))
            if not n.isascii() and not fold(n)[0].isascii()
            else r"\b" + re.escape(fold(n)) + r"\b"
        )
        for names in LANGUAGE_NAMES.values()
        for n in sorted(names, key=len, reverse=True)
    )
)
LANGUAGE_BY_NAME: dict[str, str] = {
    fold(n): english for english, names in LANGUAGE_NAMES.items() for n in names
}

LANGUAGE_LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "native",
        re.compile(
            r"native|mother\s*tongue|first\s+language|langue\s+maternelle|maternelle|materna"
            r"|nativ|muttersprache|母语|bản ngữ|tiếng mẹ đẻ|lengua\s+materna|bilingu",
            re.IGNORECASE,
        ),
    ),
    ("C2", re.compile(r"\bC2\b")),
    ("C1", re.compile(r"\bC1\b")),
    ("B2", re.compile(r"\bB2\b")),
    ("B1", re.compile(r"\bB1\b")),
    ("A2", re.compile(r"\bA2\b")),
    ("A1", re.compile(r"\bA1\b")),
    (
        "fluent",
        re.compile(
            r"fluent|fluency|proficient|full\s+professional|courant|fluide|fluido|fließend|"
            r"fliessend|verhandlungssicher|流利|熟练|精通|thành thạo|lưu loát|advanced|avancé|"
            r"avanzado|sehr\s+gut|excellent|business",
            re.IGNORECASE,
        ),
    ),
    (
        "intermediate",
        re.compile(
            r"intermediate|intermédiaire|intermedio|gute?\s+kenntnisse|conversational|good|"
            r"professional\s+working|良好|trung\s+cấp|khá",
            re.IGNORECASE,
        ),
    ),
    (
        "basic",
        re.compile(
            r"basic|beginner|elementary|notions|débutant|básico|basico|grundkenntnisse|"
            r"limited|一般|入门|cơ\s+bản",
            re.IGNORECASE,
        ),
    ),
)

# Certificates that name the language they certify; a languages section listing "CET-6" or
# "TOEFL 110" states English even when the word "English" is missing.
LANGUAGE_EVIDENCE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "English",
        re.compile(
            r"\bcet\s*-?\s*[46]\b|英语[四六]级|大学英语|\btoefl\b|\bielts\b|\btoeic\b|雅思|托福"
            r"|\b(?:fce|cae|cpe)\b",
            re.IGNORECASE,
        ),
    ),
    ("Japanese", re.compile(r"\bjlpt\b|日语\s*n[1-5]|日本語能力試験", re.IGNORECASE)),
    ("Chinese", re.compile(r"\bhsk\b|普通话\S*等", re.IGNORECASE)),
    ("French", re.compile(r"\bdel[fa]\b|\bdalf\b|\btcf\b", re.IGNORECASE)),
    ("German", re.compile(r"\btestdaf\b|goethe[- ]zertifikat", re.IGNORECASE)),
    ("Spanish", re.compile(r"\bdele\b|\bsiele\b", re.IGNORECASE)),
    ("Korean", re.compile(r"\btopik\b", re.IGNORECASE)),
)
