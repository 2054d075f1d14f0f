"""The interface's own words, in English and Arabic.

Keys are the English texts themselves (binding descriptions are declared once, in English, and
translated here when the Footer, the help screen or the palette show them). Arabic strings are
logical text: `Translator.visual` sends them through the same engine as the articles, so they are
shaped and ordered in `app` bidi mode and left logical in `terminal` mode.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from reader.settings import UiLanguage
from reader.text import BidiMode, prepare

ARABIC: dict[str, str] = {
    # Pane titles, header
    "reader": "القارئ",
    "Headlines": "العناوين",
    "Article": "المقال",
    "Details": "التفاصيل",
    # Binding descriptions (Footer, help screen, command palette)
    "Down": "للأسفل",
    "Up": "للأعلى",
    "Next": "التالي",
    "Previous": "السابق",
    "Next pane": "اللوحة التالية",
    "Previous pane": "اللوحة السابقة",
    "Page down": "الصفحة التالية",
    "Page up": "الصفحة السابقة",
    "Top": "البداية",
    "Bottom": "النهاية",
    "Details pane": "لوحة التفاصيل",
    "Read/unread": "مقروء/غير مقروء",
    "Bookmark": "إشارة مرجعية",
    "Filter": "تصفية",
    "Refresh feed": "تحديث الموجز",
    "Refresh all feeds": "تحديث كل الموجزات",
    "Refreshing feeds… {done}/{total}": "جارٍ تحديث الموجزات… {done}/{total}",
    "Feeds refreshed: {count} new": "حُدّثت الموجزات: {count} جديد",
    "Feed {name}: {reason}": "الموجز {name}: {reason}",
    "No feeds here: reader feeds add URL": "لا موجزات هنا: reader feeds add URL",
    "The feeds are refreshing already": "الموجزات قيد التحديث",
    "Full text": "النص الكامل",
    "Full text is for feed items": "النص الكامل لعناصر الموجزات فقط",
    "Fetching the full text…": "جارٍ جلب النص الكامل…",
    "Full text: {count} paragraphs": "النص الكامل: {count} فقرة",
    "Full text: {reason}": "النص الكامل: {reason}",
    "not found": "غير موجود",
    "Search": "بحث",
    "Previous hit": "النتيجة السابقة",
    "End search": "إنهاء البحث",
    "Search titles and text…": "ابحث في العناوين والنصوص…",
    "Harakat": "الحركات",
    "Bidi mode": "وضع الاتجاه",
    "Flip layout": "قلب التخطيط",
    "Help": "مساعدة",
    "Quit": "خروج",
    # Issue #13's words, one section each (add yours in yours only)
    # -- reading (H1) --
    "Next unread": "غير المقروء التالي",
    "Previous unread": "غير المقروء السابق",
    "Mark all read": "تعليم الكل كمقروء",
    "Undo": "تراجع",
    "No unread articles": "لا مقالات غير مقروءة",
    "{count} marked read (ctrl+z undoes)": "عُلّم {count} كمقروء (ctrl+z للتراجع)",
    "Marks restored": "أُعيدت العلامات",
    "Nothing to undo": "لا شيء للتراجع عنه",
    # -- sources (H2) --
    "Sources pane": "لوحة المصادر",
    "Next source with unread": "المصدر التالي بغير المقروء",
    "Previous source with unread": "المصدر السابق بغير المقروء",
    "Sources": "المصادر",
    "All": "الكل",
    "Unread": "غير المقروءة",
    "Bookmarks": "الإشارات المرجعية",
    "Untagged": "بلا وسم",
    "Feeds": "الموجزات",
    "Folders": "المجلدات",
    "Refreshing…": "جارٍ التحديث…",
    "Never refreshed": "لم يُحدَّث بعد",
    "No source with unread articles": "لا مصدر فيه مقالات غير مقروءة",
    "Sources pane shown": "لوحة المصادر ظاهرة",
    "Sources pane hidden": "لوحة المصادر مخفية",
    # -- list (H3) --
    "unread": "غير المقروءة",
    "bookmarked": "المفضلة",
    "search": "بحث",
    "Sorted by date, newest first": "مرتبة بالتاريخ، الأحدث أولا",
    "Sorted by title": "مرتبة بالعنوان",
    "Sorted by source": "مرتبة بالمصدر",
    "Sorted by file name": "مرتبة باسم الملف",
    "Narrower list": "قائمة أضيق",
    "Wider list": "قائمة أعرض",
    "List width: {percent}%": "عرض القائمة: {percent}%",
    "Everywhere": "في كل مكان",
    "Headline list": "قائمة العناوين",
    "Sort order": "الترتيب",
    "Open": "افتح",
    "First headline": "العنوان الأول",
    "Last headline": "العنوان الأخير",
    "Headlines up a page": "العناوين: الصفحة السابقة",
    "Headlines down a page": "العناوين: الصفحة التالية",
    "Scroll down": "مرّر للأسفل",
    "Scroll up": "مرّر للأعلى",
    # -- links (H4) --
    "Open in browser": "افتح في المتصفح",
    "Copy link": "انسخ الرابط",
    "Copy text": "انسخ النص",
    "Links": "الروابط",
    "Open link": "افتح الرابط",
    "Erase a digit": "امسح رقمًا",
    "This article has no link": "لا رابط لهذا المقال",
    "Not a web link": "ليس رابط ويب",
    "No browser could be started": "تعذّر تشغيل المتصفح",
    "No browser found: set $BROWSER": "لم يُعثر على متصفح: اضبط $BROWSER",
    "Opened in {name}": "فُتح في {name}",
    "Link copied": "نُسخ الرابط",
    "No article to copy": "لا مقال للنسخ",
    "Text copied: {count} characters": "نُسخ النص: {count} حرفًا",
    "No links in this article": "لا روابط في هذا المقال",
    "Link {number}: Enter opens, y copies": "الرابط {number}: Enter يفتح، y ينسخ",
    "Type a link's number: Enter opens, y copies, Escape closes": (
        "اكتب رقم الرابط: Enter يفتح، y ينسخ، Escape يغلق"
    ),
    "Type a link's number first": "اكتب رقم الرابط أولًا",
    "No link {number}": "لا رابط برقم {number}",
    "Commands": "الأوامر",
    "palette": "الأوامر",
    "Close": "إغلاق",
    # Help screen
    "Keys": "المفاتيح",
    "Press Escape or ? to close": "اضغط Escape أو ? للإغلاق",
    # Palette
    "Open: {title}": "فتح: {title}",
    "Open the article": "افتح المقال",
    # Notifications
    "Bidi: the reader shapes and orders the text": "الاتجاه: القارئ يشكّل النص ويرتّبه",
    "Bidi: the terminal orders the text": "الاتجاه: الطرفية ترتّب النص",
    "(saved)": "(محفوظ)",
    "(not saved)": "(لم يُحفظ)",
    "Harakat shown": "الحركات ظاهرة",
    "Harakat hidden": "الحركات مخفية",
    "Layout: right to left": "التخطيط: من اليمين إلى اليسار",
    "Layout: left to right": "التخطيط: من اليسار إلى اليمين",
    "Cannot read {name}: {reason}": "تعذّرت قراءة {name}: {reason}",
    "Scanning… {count}": "جارٍ الفحص… {count}",
    "Loading…": "جارٍ التحميل…",
    "No articles here.": "لا توجد مقالات هنا.",
    "deleted or moved": "حُذف أو نُقل",
    "Showing all articles": "عرض كل المقالات",
    "Showing unread articles": "عرض المقالات غير المقروءة",
    "Showing bookmarked articles": "عرض المقالات المحفوظة",
    "Marked read": "عُلّم مقروءًا",
    "Marked unread": "عُلّم غير مقروء",
    "Bookmarked": "أضيفت إشارة مرجعية",
    "Bookmark removed": "أزيلت الإشارة المرجعية",
    # Metadata labels and values
    "Date": "التاريخ",
    "Date as written": "التاريخ كما كُتب",
    "Source": "المصدر",
    "Authors": "الكتّاب",
    "Caption": "التعليق",
    "Credit": "حقوق الصورة",
    "Words": "الكلمات",
    "Paragraphs": "الفقرات",
    "Reading time": "مدة القراءة",
    "{minutes} min": "{minutes} دقيقة",
    "Script": "الكتابة",
    "Direction": "الاتجاه",
    "right to left": "من اليمين إلى اليسار",
    "left to right": "من اليسار إلى اليمين",
    "Language": "اللغة",
    "Format": "الصيغة",
    "File": "الملف",
    "Encoding": "الترميز",
    "Link": "الرابط",
    "Tags": "الوسوم",
    "Warnings": "تحذيرات",
    "Feed": "الموجز",
    "Feed status": "حالة الموجز",
    "ok, {count} new": "تم، {count} جديد",
    "not modified": "لم يتغيّر",
    "the last refresh failed": "فشل آخر تحديث",
    "never fetched": "لم يُجلب بعد",
    "Last fetched": "آخر جلب",
    "never": "أبدًا",
    "Body": "النص",
    "the feed's summary": "ملخص الموجز",
    "the page's full text": "النص الكامل للصفحة",
    "Arabic": "العربية",
    "Hebrew": "العبرية",
    "Latin": "اللاتينية",
    "Cyrillic": "السيريلية",
    "unknown": "غير معروف",
}

TABLES: dict[str, Mapping[str, str]] = {"ar": ARABIC, "en": {}}


@lru_cache(maxsize=2048)
def _visual(text: str, bidi: str) -> str:
    mode: BidiMode = "terminal" if bidi == "terminal" else "app"
    lines = prepare(text, bidi=mode, fallback="ltr").lines(10_000)
    return " ".join(line.text for line in lines)


class Translator:
    """Looks words up for one interface language and bidi mode."""

    def __init__(self, language: UiLanguage, bidi: str = "app") -> None:
        self.language: UiLanguage = language
        self.bidi = bidi
        self._table = TABLES[language]

    @property
    def rtl(self) -> bool:
        return self.language == "ar"

    def __call__(self, key: str, **values: object) -> str:
        """The logical text for `key`, formatted with `values`."""
        text = self._table.get(key, key)
        return text.format(**values) if values else text

    def visual(self, key: str, **values: object) -> str:
        """`key` translated and made ready for the terminal (one line, display order)."""
        return self.display(self(key, **values))

    def display(self, text: str) -> str:
        """Any logical one-line text made ready for the terminal through the engine."""
        return _visual(text, self.bidi)
