"""Line features for telling article lines from page furniture in text dumps.

A dump has lost its markup, so what remains is the shape of each line and of
its neighbourhood: article paragraphs are long, end in sentence punctuation,
are full of stop words, and sit in one contiguous run; navigation, teasers and
footers are short, title-cased, repeated, and cluster together.  The features
are computed in one linear pass plus windowed means, so time grows with the
number of lines only.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

_WORD_RE = re.compile(r"\w+(?:['’]\w+)?", re.UNICODE)
_STOP = frozenset(
    [
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
        "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
        "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
        "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
        "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
        "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs",
        "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too",
        "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
        "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "said",
        "says", "also", "would", "could", "after", "its", "it's", "said", "told", "according",
    ]
)
_BOILER_RE = re.compile(
    r"cookie|subscribe|sign up|sign in|log in|login|newsletter|©|copyright|all rights reserved|privacy|terms of"
    r"|advertis|sponsored|share this|follow us|read more|related|comments?\b|click here|download the app"
    r"|skip to|menu|back to top|most (?:read|popular|viewed)|trending|recommended|you may also like|watch:"
    r"|listen:|photo:|image:|getty|reuters|associated press|\bap\b|contact us|about us|careers|facebook"
    r"|twitter|instagram|linkedin|whatsapp|email|print",
    re.IGNORECASE,
)
_AGO_RE = re.compile(r"^\s*\d+\s+(?:sec|second|min|minute|hour|hr|day|week|month|year)s?\s+ago\s*$", re.IGNORECASE)
_DATEISH_RE = re.compile(
    r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}"
    r"|\d{1,2}:\d{2}\s*(?:am|pm)?)",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"https?://|www\.|\.com\b|\.org\b", re.IGNORECASE)
_SENT_END_RE = re.compile(r"[.!?…][\"'”’)\]]*$")
_QUOTE_RE = re.compile(r"[\"“”]")
_BYLINE_RE = re.compile(r"^(?:by|written by|words by|reporting by)\s+\S", re.IGNORECASE)

FEATURE_NAMES: tuple[str, ...] = (
    "log_words", "log_chars", "sent_end", "colon_end", "stop_ratio", "cap_ratio", "upper_ratio", "digit_ratio",
    "comma_rate", "log_repeats", "position", "dateish", "ago", "boiler", "has_url", "has_quote", "byline",
    "pipe_or_bullet", "rel_len", "ctx2_words", "ctx5_words", "ctx3_sent_end", "ctx5_stop", "ctx10_words",
    "prev_words", "next_words", "prev_sent_end", "next_sent_end", "run_long", "before_longest",
    "ellipsis_end", "ago_inside", "comment_head", "end_head", "company_tail", "dist_longest", "density_rank",
    "words_before", "prose_both_sides",
)
# Teasers are cut short with an ellipsis; article paragraphs are not.
_ELLIPSIS_RE = re.compile(r"(?:\.\.\.|…)[\"'”’)\]]*$")
_AGO_INSIDE_RE = re.compile(r"\b\d+\s*(?:sec|second|min|minute|hour|hr|day|week|month|year)s?\s+ago\b", re.IGNORECASE)
# Reader comments: "Name says:", "Reply", "3 replies".
_COMMENT_HEAD_RE = re.compile(
    r"(?:\bsays|\bwrote|\bsaid)\s*:\s*$|^reply$|^(?:\d+\s+)?(?:replies|likes?)\b", re.IGNORECASE
)


# Share of stop words in ordinary English prose; stands in where the line is in
# a script the English list can't judge, so Arabic or Chinese prose isn't
# mistaken for a menu.
_NEUTRAL_STOP_RATIO = 0.35
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")


# Heads of what follows an article: comments, related links, deals, the site's "About".  They are
# never article text in the dev set, and what comes after them rarely is.
_END_HEAD_RE = re.compile(
    r"^(?:related(?: articles| stories| posts| news| coverage| content)?|more (?:from|on|in|stories|news)\b.{0,40}"
    r"|read (?:these |this )?next|read more|deals|you (?:may|might) also like|recommended(?: for you)?|trending"
    r"|(?:most )?popular|most (?:read|viewed|shared)|comments?|\d+ (?:comments?|responses?|replies)\b.{0,60}"
    r"|leave a (?:reply|comment)|join the (?:conversation|discussion)|about (?:the )?\w.{0,40}|#{3}"
    r"|media contacts?|press contacts?|contacts?|tags?|share this"
    r"|(?:editor'?s )?picks?|don'?t miss|latest(?: news| stories)?|top stories|also read)\s*[:|.]?$",
    re.IGNORECASE,
)
# Press-release tails: the company's self-description and the contacts after the release.
_COMPANY_TAIL_RE = re.compile(
    r"^(?:about [A-Z]|#{3}|media contact|press contact|investor contact|forward[- ]looking statements"
    r"|safe harbor|for (?:more|further|additional) information,? (?:please )?(?:contact|visit)"
    r"|(?:[A-Z][\w&.-]*\s){1,4}(?:\([^)]{1,20}\)\s)?(?:is|are) (?:a|an|the) (?:leading|global|world|premier"
    r"|pioneer|provider|trusted|innovative|fast|privately|publicly|nasdaq|nyse|independent))",
)
_LONG_WORDS = 12  # a line this long is paragraph-sized


def cjk_words(line: str) -> int:
    """How many words the line's Chinese, Japanese or Korean characters make: CJK is written without
    spaces, and about 1.5 characters make a word."""
    return round(len(_CJK_RE.findall(line)) / 1.5)


def _line_features(line: str, repeats: int) -> list[float]:
    words = _WORD_RE.findall(line)
    chars = len(line)
    letters = sum(1 for c in line if c.isalpha()) or 1
    latin = len(_LATIN_RE.findall(line))
    n = max(len(words), cjk_words(line))
    alpha = [w for w in words if w[:1].isalpha()]
    caps = sum(1 for w in alpha if w[:1].isupper())
    upper = sum(1 for c in line if c.isupper())
    digits = sum(1 for c in line if c.isdigit())
    stops = sum(1 for w in words if w.lower() in _STOP)
    stop_ratio = (stops / n if n else 0.0) if latin * 2 >= letters else _NEUTRAL_STOP_RATIO
    return [
        math.log1p(n),
        math.log1p(chars),
        1.0 if _SENT_END_RE.search(line) or line.endswith("。") else 0.0,
        1.0 if line.endswith(":") else 0.0,
        stop_ratio,
        caps / len(alpha) if alpha else 0.0,
        upper / letters,
        digits / max(1, chars),
        line.count(",") / max(1, n),
        math.log(repeats),
        0.0,  # position, filled by the caller
        1.0 if _DATEISH_RE.search(line) and n <= 12 else 0.0,
        1.0 if _AGO_RE.match(line) else 0.0,
        min(3.0, float(len(_BOILER_RE.findall(line)))) / max(1.0, math.log1p(n)),
        1.0 if _URL_RE.search(line) else 0.0,
        1.0 if _QUOTE_RE.search(line) else 0.0,
        1.0 if _BYLINE_RE.match(line) and n <= 8 else 0.0,
        1.0 if ("|" in line or line[:1] in "•·*-–»>") else 0.0,
        1.0 if _ELLIPSIS_RE.search(line) else 0.0,
        1.0 if _AGO_INSIDE_RE.search(line) else 0.0,
        1.0 if _COMMENT_HEAD_RE.search(line) else 0.0,
        1.0 if n <= 8 and _END_HEAD_RE.match(line) else 0.0,
        1.0 if _COMPANY_TAIL_RE.match(line) else 0.0,
    ]


def _window_mean(values: Sequence[float], radius: int) -> list[float]:
    """Mean of each value's neighbours within ``radius`` (itself excluded)."""
    prefix = [0.0]
    for v in values:
        prefix.append(prefix[-1] + v)
    out = []
    n = len(values)
    for i in range(n):
        lo, hi = max(0, i - radius), min(n, i + radius + 1)
        count = hi - lo - 1
        out.append((prefix[hi] - prefix[lo] - values[i]) / count if count else 0.0)
    return out


def page_features(lines: Sequence[str]) -> list[list[float]]:
    """One feature vector per line (lines already stripped and non-empty)."""
    counts = Counter(lines)
    rows = [_line_features(line, counts[line]) for line in lines]
    n = len(rows)
    if not n:
        return []
    words = [r[0] for r in rows]
    sent = [r[2] for r in rows]
    stop = [r[4] for r in rows]
    longest = max(range(n), key=lambda i: words[i])
    median = sorted(words)[n // 2] or 1.0
    ctx2, ctx5, ctx10 = _window_mean(words, 2), _window_mean(words, 5), _window_mean(words, 10)
    ctx_sent, ctx_stop = _window_mean(sent, 3), _window_mean(stop, 5)
    # Length of the run of long (>= 12 words) lines this line belongs to.
    long_line = [w >= math.log1p(12) for w in words]
    run = [0] * n
    i = 0
    while i < n:
        j = i
        while j < n and long_line[j] == long_line[i]:
            j += 1
        for k in range(i, j):
            run[k] = (j - i) if long_line[i] else 0
        i = j
    nwords = [round(math.expm1(w)) for w in words]
    # A short line in a stretch of short lines with a sentence on each side: a list or a subheading
    # inside the article rather than a menu, which has no prose around it.
    both_sides = [0.0] * n
    i = 0
    while i < n:
        if nwords[i] >= _LONG_WORDS:
            i += 1
            continue
        j = i
        while j < n and nwords[j] < _LONG_WORDS:
            j += 1
        bounded = 1.0 if i > 0 and j < n and sent[i - 1] and sent[j] else 0.0
        for k in range(i, j):
            both_sides[k] = bounded
        i = j
    extra = [r[18:] for r in rows]
    rows = [r[:18] for r in rows]
    top_ctx = max(ctx10) or 1.0
    total_words = sum(math.expm1(w) for w in words) or 1.0
    before = 0.0
    for i, r in enumerate(rows):
        r[10] = i / max(1, n - 1)
        r.extend([
            words[i] / median if median else 0.0,
            ctx2[i], ctx5[i], ctx_sent[i], ctx_stop[i], ctx10[i],
            words[i - 1] if i else 0.0,
            words[i + 1] if i + 1 < n else 0.0,
            sent[i - 1] if i else 0.0,
            sent[i + 1] if i + 1 < n else 0.0,
            math.log1p(run[i]),
            1.0 if i < longest else 0.0,
            *extra[i],
            math.log1p(abs(i - longest)),
            ctx10[i] / top_ctx,
            before / total_words,
            both_sides[i],
        ])
        before += math.expm1(words[i])
    return rows
