"""The on-screen keyboard's layouts and Hangul composition, without Qt.

Layouts: Latin (QWERTY), Korean 2-set (Dubeolsik) and Khmer (NiDA). Korean letters are
typed as jamo and composed into syllables as they come (``HangulComposer``): 가 + ㄱ = 각,
각 + ㅏ = 가가, and backspace takes back one jamo. Khmer keys type their characters in Unicode
order; the coeng key (្) before a consonant makes its subscript form when the text is shaped.
Each layout has a number page (Khmer digits for Khmer) and may have more letters a key away
(accents for Latin; the independent vowels and the marks over a consonant for Khmer).
"""

from __future__ import annotations

from dataclasses import dataclass

Rows = tuple[tuple[str, ...], ...]


def _split(rows: list[str]) -> Rows:
    return tuple(tuple(row.split()) for row in rows)


#: The number page, and the Latin letters with accents a key away (Spanish, French…).
SYMBOLS = _split(["1 2 3 4 5 6 7 8 9 0", "- / : ; ( ) & @ \"", ". , ? ! ' # % + ="])
ACCENTS = _split(["á é í ó ú ý ñ ç", "à è ì ò ù â ê î ô û", "ä ë ï ö ü ã õ ¿ ¡"])


@dataclass(frozen=True)
class Layout:
    name: str
    label: str  # what the script key shows to switch to it
    rows: Rows  # three rows of keys, each key the text it types
    shifted: Rows  # the same keys with shift
    symbols: Rows = SYMBOLS  # the number page: digits on top
    extra: Rows = ()  # more letters, a key away (none: no such key)
    extra_labels: tuple[str, str] = ("", "")  # that key, to open them and to go back

    def key(self, row: int, column: int, shift: bool) -> str:
        return (self.shifted if shift else self.rows)[row][column]

    @property
    def symbols_label(self) -> str:
        """The key to the number page: '?123', or '?១២៣' with Khmer digits."""
        return "?" + "".join(self.symbols[0][:3])


LATIN = Layout("latin", "ABC",
               _split(["q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m"]),
               _split(["Q W E R T Y U I O P", "A S D F G H J K L", "Z X C V B N M"]),
               extra=ACCENTS, extra_labels=("áé", "abc"))

KOREAN = Layout("ko", "한",
                _split(["ㅂ ㅈ ㄷ ㄱ ㅅ ㅛ ㅕ ㅑ ㅐ ㅔ", "ㅁ ㄴ ㅇ ㄹ ㅎ ㅗ ㅓ ㅏ ㅣ",
                        "ㅋ ㅌ ㅊ ㅍ ㅠ ㅜ ㅡ"]),
                _split(["ㅃ ㅉ ㄸ ㄲ ㅆ ㅛ ㅕ ㅑ ㅒ ㅖ", "ㅁ ㄴ ㅇ ㄹ ㅎ ㅗ ㅓ ㅏ ㅣ",
                        "ㅋ ㅌ ㅊ ㅍ ㅠ ㅜ ㅡ"]))

#: NiDA, the Khmer standard layout (the keys of a US keyboard, q to /).
KHMER = Layout("km", "ខ្មែរ",
               _split(["ឆ ឹ េ រ ត យ ុ ិ ោ ផ ៀ ឪ", "ា ស ដ ថ ង ហ ្ ក ល ើ ់",
                       "ឋ ខ ច វ ប ន ម ុំ ។ ៊"]),
               _split(["ឈ ឺ ែ ឬ ទ ួ ូ ី ៅ ភ ឿ ឧ", "ាំ ៃ ឌ ធ អ ះ ញ គ ឡ ោះ ៉",
                       "ឍ ឃ ជ េះ ព ណ ំ ុះ ៕ ?"]),
               # Khmer digits, and the signs that end a sentence or repeat a word (ៗ).
               symbols=_split(["១ ២ ៣ ៤ ៥ ៦ ៧ ៨ ៩ ០", "- / : ; ( ) « » \"",
                               "។ ៕ ៗ ៖ ៛ ? ! ' %"]),
               # The independent vowels in alphabetical order (NiDA has most of them on a
               # third level a touch screen lacks), then the signs after a word (ៗ ៖ ៈ, as in
               # ទស្សនៈ) and the marks over a consonant.
               extra=_split(["ឥ ឦ ឧ ឩ ឪ ឫ ឬ", "ឭ ឮ ឯ ឰ ឱ ឲ ឳ", "ៗ ៖ ៈ ័ ៍ ៌ ៏ ៎"]),
               extra_labels=("ឥឱ", "កខ"))

LAYOUTS = {layout.name: layout for layout in (LATIN, KOREAN, KHMER)}


def layouts_for(language: str) -> list[str]:
    """The layouts a visitor writing ``language`` can switch between: their own first."""
    own = language.split("-")[0]
    return [own, "latin"] if own in LAYOUTS and own != "latin" else ["latin"]


# -------------------------------------------------------------------- Hangul

CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
JUNGSEONG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
JONGSEONG = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]
VOWEL_PAIRS = {("ㅗ", "ㅏ"): "ㅘ", ("ㅗ", "ㅐ"): "ㅙ", ("ㅗ", "ㅣ"): "ㅚ", ("ㅜ", "ㅓ"): "ㅝ",
               ("ㅜ", "ㅔ"): "ㅞ", ("ㅜ", "ㅣ"): "ㅟ", ("ㅡ", "ㅣ"): "ㅢ"}
FINAL_PAIRS = {("ㄱ", "ㅅ"): "ㄳ", ("ㄴ", "ㅈ"): "ㄵ", ("ㄴ", "ㅎ"): "ㄶ", ("ㄹ", "ㄱ"): "ㄺ",
               ("ㄹ", "ㅁ"): "ㄻ", ("ㄹ", "ㅂ"): "ㄼ", ("ㄹ", "ㅅ"): "ㄽ", ("ㄹ", "ㅌ"): "ㄾ",
               ("ㄹ", "ㅍ"): "ㄿ", ("ㄹ", "ㅎ"): "ㅀ", ("ㅂ", "ㅅ"): "ㅄ"}
FINAL_SPLIT = {pair: parts for parts, pair in FINAL_PAIRS.items()}


def is_jamo(ch: str) -> bool:
    return ch in CHOSEONG or ch in JUNGSEONG or ch in JONGSEONG[1:]


@dataclass(frozen=True)
class Syllable:
    """The syllable being composed: initial consonant, vowel, final consonant (any may be
    empty)."""

    cho: str = ""
    jung: str = ""
    jong: str = ""

    @property
    def text(self) -> str:
        if self.cho and self.jung:
            code = 0xAC00 + (CHOSEONG.index(self.cho) * 21 + JUNGSEONG.index(self.jung)) * 28
            return chr(code + JONGSEONG.index(self.jong))
        return self.cho or self.jung


class HangulComposer:
    """Jamo in, syllables out. ``feed`` returns (text now final, syllable still composing);
    ``backspace`` returns the composing syllable with its last jamo taken back, or None when
    nothing was composing (the caller then deletes a character as usual)."""

    def __init__(self) -> None:
        self._history: list[Syllable] = []  # the composing syllable after each jamo typed
        self.current = Syllable()

    @property
    def composing(self) -> str:
        return self.current.text

    def _start(self, syllable: Syllable, history: list[Syllable] | None = None) -> None:
        self._history = history or []
        self.current = syllable

    def _set(self, syllable: Syllable) -> None:
        self._history.append(self.current)
        self.current = syllable

    def feed(self, jamo: str) -> tuple[str, str]:
        if jamo in JUNGSEONG:
            done = self._vowel(jamo)
        elif jamo in CHOSEONG or jamo in JONGSEONG:
            done = self._consonant(jamo)
        else:  # not a jamo: what was composing is final, then this
            done = self.flush() + jamo
        return done, self.composing

    def _consonant(self, c: str) -> str:
        s = self.current
        if s.cho and s.jung and not s.jong and c in JONGSEONG:
            self._set(Syllable(s.cho, s.jung, c))
            return ""
        if s.cho and s.jung and s.jong and (s.jong, c) in FINAL_PAIRS:
            self._set(Syllable(s.cho, s.jung, FINAL_PAIRS[(s.jong, c)]))
            return ""
        done = self.flush()
        if c in CHOSEONG:
            self._start(Syllable(cho=c), [Syllable()])
        else:  # a final-only letter (ㄳ and the like) stands alone
            done += c
        return done

    def _vowel(self, v: str) -> str:
        s = self.current
        if s.jung and not s.jong and (s.jung, v) in VOWEL_PAIRS:
            self._set(Syllable(s.cho, VOWEL_PAIRS[(s.jung, v)], ""))
            return ""
        if s.cho and not s.jung:
            self._set(Syllable(s.cho, v))
            return ""
        if s.cho and s.jung and s.jong:  # the final consonant moves on: 각 + ㅏ = 가가
            keep, moving = FINAL_SPLIT.get(s.jong, ("", s.jong))
            done = Syllable(s.cho, s.jung, keep).text
            self._start(Syllable(moving, v), [Syllable(), Syllable(cho=moving)])
            return done
        done = self.flush()
        self._start(Syllable(jung=v), [Syllable()])
        return done

    def backspace(self) -> str | None:
        if not self.composing:
            return None
        self.current = self._history.pop() if self._history else Syllable()
        return self.composing

    def flush(self) -> str:
        """End the composing syllable: it is final as it stands."""
        done = self.composing
        self._start(Syllable())
        return done
