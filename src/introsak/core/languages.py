"""Languages Introsak knows by name: ISO 639 codes with their names for the UI.

The list covers the languages of people settled in Norwegian municipalities in recent
years (IMDi's settlement statistics) plus the official languages; add to it freely.
"""

from django.utils.translation import gettext_lazy as _

LANGUAGES = [
    ("am", _("Amharic")),
    ("ar", _("Arabic")),
    ("my", _("Burmese")),
    ("prs", _("Dari")),
    ("en", _("English")),
    ("fa", _("Persian (Farsi)")),
    ("fr", _("French")),
    ("kar", _("Karen")),
    ("rw", _("Kinyarwanda")),
    ("rn", _("Kirundi")),
    ("kmr", _("Kurdish (Kurmanji)")),
    ("ckb", _("Kurdish (Sorani)")),
    ("ln", _("Lingala")),
    ("ne", _("Nepali")),
    ("nb", _("Norwegian")),
    ("se", _("North Sámi")),
    ("om", _("Oromo")),
    ("ps", _("Pashto")),
    ("pl", _("Polish")),
    ("ru", _("Russian")),
    ("so", _("Somali")),
    ("es", _("Spanish")),
    ("sw", _("Swahili")),
    ("ta", _("Tamil")),
    ("ti", _("Tigrinya")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("ur", _("Urdu")),
    ("other", _("Other language")),
]

LANGUAGE_NAMES = dict(LANGUAGES)
