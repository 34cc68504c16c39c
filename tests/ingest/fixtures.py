"""Small pages and feeds written for these tests (our own prose, not copied articles)."""

from __future__ import annotations

ARTICLE = (
    "Kenya sends more police to Haiti\n\n"
    "NAIROBI - Kenya deployed another 200 police officers to Haiti on Tuesday, bringing its "
    "contingent to about 600, the interior ministry said. Jamaica has pledged 200 soldiers to "
    "the mission, while Canada has committed C$80.5 million to the UN trust fund.\n"
)

PAGE = """<!doctype html>
<html lang="en"><head>
<title>Kenya sends more police to Haiti | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2024-07-17T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/deals">300 deals: 50% off</a></nav>
<div class="cookie-banner">We use 12 cookies. Accept all 3 categories?</div>
<article>
<h1>Kenya sends more police to Haiti</h1>
<p>NAIROBI - Kenya deployed another 200 police officers to Haiti on Tuesday, bringing its
contingent to about 600, the interior ministry said in a statement on Wednesday.</p>
<p>Jamaica has pledged 200 soldiers to the mission, while Canada has committed C$80.5 million
to the UN trust fund that pays for the force. Officials said the mission still needs
hundreds more officers before it can take on the gangs that control most of the capital.</p>
<p>The deployment follows weeks of delays over funding, according to people familiar with the
plans, who spoke on condition of anonymity because they were not authorised to speak.</p>
</article>
<aside class="related"><h3>Related</h3><ul>
<li><a href="/a">Kenya pledges 1,000 more officers to Somalia</a></li>
<li><a href="/b">US gives $500 million to Ukraine</a></li></ul></aside>
<footer>Copyright 2024 The Daily Example. 400 staff in 20 countries. Call 555 0100.</footer>
</body></html>
"""

NO_ARTICLE_PAGE = """<!doctype html><html><head><title>Home</title></head><body>
<nav><a href="/">Home</a> <a href="/a">A</a> <a href="/b">B</a></nav>
<footer>Copyright 2024</footer></body></html>
"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Example Wire</title><link>https://wire.example/</link><description>news</description>
<item><title>Jamaica pledges soldiers</title><link>https://wire.example/jam</link>
<pubDate>Tue, 16 Jul 2024 10:00:00 GMT</pubDate>
<description>Jamaica has pledged 200 soldiers to the Kenya-led mission in Haiti.</description>
</item>
<item><title>Canada money</title><link>https://wire.example/can</link>
<pubDate>Wed, 17 Jul 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Canada has committed C$80.5 million to the UN trust fund for the
Haiti mission.&lt;/p&gt;</description>
</item>
BROKEN
</channel></rss>
"""

BROKEN_ENTRY = """<item><title>No body</title><link>https://wire.example/empty</link>
<pubDate>Thu, 18 Jul 2024 10:00:00 GMT</pubDate></item>
<item><title>No link</title><description>Belize sent two soldiers.</description></item>
"""


def feed(broken: bool = False) -> str:
    return FEED.replace("BROKEN", BROKEN_ENTRY if broken else "")
