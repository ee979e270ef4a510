"""News and photo agencies: bylines and credits that name an organization, not a person."""

from __future__ import annotations

from archiver.extraction.textnorm import fold

AGENCIES = frozenset(
    fold(name)
    for name in (
        "AFP", "Agence France-Presse", "AP", "Associated Press", "The Associated Press",
        "Reuters", "Thomson Reuters", "dpa", "Deutsche Presse-Agentur", "epd", "KNA", "APA",
        "SDA", "Keystone-SDA", "ANSA", "EFE", "Europa Press", "Xinhua", "Kyodo", "Kyodo News",
        "Yonhap", "Jiji", "PTI", "IANS", "ANI", "UNI", "Bloomberg", "PA", "PA Media",
        "Press Association", "TASS", "RIA Novosti", "Interfax", "UPI", "CNA", "Bernama",
        "Antara", "AAP", "Canadian Press", "The Canadian Press", "NTB", "TT", "Ritzau", "STT",
        "Belga", "ANP", "PAP", "CTK", "MTI", "Lusa", "Anadolu", "Anadolu Agency", "WAFA",
        "Getty Images", "EPA", "EPA-EFE", "Shutterstock", "Imago", "picture alliance",
        "Wikimedia Commons", "NASA", "新华社", "新華社", "中新社", "中央社", "共同通信", "共同",
        "時事通信", "時事", "时事", "연합뉴스", "뉴시스", "뉴스1",
    )
)
# Words that make a byline a staff or desk credit rather than a person.
DESK_WORDS = frozenset({"staff", "desk", "team", "newsroom", "redaktion", "rédaction", "editors",
                        "redacción", "redação", "redazione", "redactie", "redakcja"})


def is_agency(name: str) -> bool:
    return fold(name) in AGENCIES


def is_desk(name: str) -> bool:
    return any(word.casefold() in DESK_WORDS for word in name.split())
