"""The XSS vector corpus the rich-text tests run: ``python -m tests.security.xss_corpus``
rewrites ``xss_vectors.txt`` beside this file.

The corpus is generated combinatorially — tags × event handlers × attribute syntaxes, URL
attributes × script-bearing URLs in many encodings — and completed with classic hand-written
vectors in the style of the OWASP filter-evasion cheat sheet (broken markup, mutation XSS
through foreign content and raw-text elements, CSS, comments, conditional comments, entity
and character tricks). One vector per line; ``\\t``, ``\\n``, ``\\r``, ``\\0``, ``\\x0b``,
``\\x0c`` and ``\\\\`` stand for those characters.
"""

import itertools
from pathlib import Path

VECTORS_FILE = Path(__file__).with_name("xss_vectors.txt")

PAYLOAD = "alert(1)"

EVENT_TAGS = [
    "img src=x",
    "image src=x",
    "svg",
    "body",
    "iframe",
    "video src=x",
    "audio src=x",
    "details open",
    "input autofocus",
    "select autofocus",
    "textarea autofocus",
    "a href=#",
    "div",
    "p",
    "span",
    "marquee",
    "object data=x",
    "embed src=x",
    "style",
    "frameset",
    "isindex",
    "keygen autofocus",
    "math",
    "table background=x",
    "td",
    "h2",
    "figure",
    "blockquote",
    "li",
    "button",
]

EVENT_HANDLERS = [
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "onfocus",
    "ontoggle",
    "onanimationstart",
    "onpointerenter",
    "onbegin",
    "onstart",
]

HANDLER_SYNTAXES = [
    "<{tag} {handler}={payload}>",
    '<{tag} {handler}="{payload}">',
    "<{tag}/{upper}='{payload}'>",
]

SCRIPT_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\\tjavascript:alert(1)",
    "java\\tscript:alert(1)",
    "java\\nscript:alert(1)",
    "java\\0script:alert(1)",
    "java&#x09;script:alert(1)",
    "java&#10;script:alert(1)",
    "java&Tab;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
    "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)",
    "&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "javascript://%0Aalert(1)",
    "\\x0bjavascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "livescript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
    "DATA:text/html,<svg onload=alert(1)>",
    "&#100;ata:text/html,<script>alert(1)</script>",
]

URL_ATTRIBUTES = [
    '<a href="{url}">link</a>',
    "<a href={url}>link</a>",
    "<a href='{url}'>link</a>",
    '<img src="{url}">',
    '<img srcset="{url} 1x, x.png 2x">',
    '<iframe src="{url}"></iframe>',
    '<form action="{url}"><button>go</button></form>',
    '<button formaction="{url}">go</button>',
    '<object data="{url}"></object>',
    '<embed src="{url}">',
    '<base href="{url}">',
    '<link rel="stylesheet" href="{url}">',
    '<meta http-equiv="refresh" content="0;url={url}">',
    '<svg><a xlink:href="{url}"><text x="20" y="20">x</text></a></svg>',
    '<math><a href="{url}">x</a></math>',
    '<input type="image" src="{url}">',
    '<video poster="{url}"></video>',
    '<area href="{url}">',
    '<frameset><frame src="{url}"></frameset>',
    '<table background="{url}"><tr><td>x</td></tr></table>',
]

CLASSIC = r'''
<script>alert(1)</script>
<SCRIPT>alert(1)</SCRIPT>
<script src=//example.org/x.js></script>
<script/xss src="http://example.org/x.js"></script>
<script\tsrc=//example.org/x.js></script>
<<script>alert(1)//<</script>
<scr<script>ipt>alert(1)</scr</script>ipt>
<script>alert(1)//
<script
>alert(1)</script
>
<script type="text/javascript">alert(1)</script>
<script type="module">alert(1)</script>
<script>/*</script><script>*/alert(1)</script>
<ScRiPt>alert(String.fromCharCode(88,83,83))</sCrIpT>
<img src=x onerror=alert(1)//
<img src="x" onerror="alert(1)"
<img """><script>alert(1)</script>">
<img src=`x`onerror=alert(1)>
<img src=x:alert(alt) onerror=eval(src) alt=0>
<img src="javascript:alert('XSS');">
<IMG SRC=javascript:alert('XSS')>
<IMG SRC=JaVaScRiPt:alert('XSS')>
<IMG SRC=`javascript:alert("RSnake says, 'XSS'")`>
<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\>
<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>
<IMG SRC=# onmouseover="alert('xxs')">
<IMG SRC= onmouseover="alert('xxs')">
<IMG onmouseover="alert('xxs')">
<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>
<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">
<IMG SRC="jav	ascript:alert('XSS');">
<IMG SRC="jav&#x09;ascript:alert('XSS');">
<IMG SRC="jav&#x0A;ascript:alert('XSS');">
<IMG SRC="jav&#x0D;ascript:alert('XSS');">
<IMG SRC=" &#14;  javascript:alert('XSS');">
<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>
<BODY onload!#$%&()*~+-_.,:;?@[/|\]^`=alert("XSS")>
<SCRIPT/SRC="http://xss.example/xss.js"></SCRIPT>
<<SCRIPT>alert("XSS");//\<</SCRIPT>
<SCRIPT SRC=http://xss.example/xss.js?< B >
<SCRIPT SRC=//xss.example/.j>
<IMG SRC="`<javascript:alert>`('XSS')"
<iframe src=http://xss.example/scriptlet.html <
\";alert('XSS');//
</TITLE><SCRIPT>alert("XSS");</SCRIPT>
<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">
<BODY BACKGROUND="javascript:alert('XSS')">
<IMG DYNSRC="javascript:alert('XSS')">
<IMG LOWSRC="javascript:alert('XSS')">
<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>
<IMG SRC='vbscript:msgbox("XSS")'>
<svg/onload=alert('XSS')>
<BODY ONLOAD=alert('XSS')>
<BGSOUND SRC="javascript:alert('XSS');">
<BR SIZE="&{alert('XSS')}">
<LINK REL="stylesheet" HREF="javascript:alert('XSS');">
<LINK REL="stylesheet" HREF="http://xss.example/xss.css">
<STYLE>@import'http://xss.example/xss.css';</STYLE>
<META HTTP-EQUIV="Link" Content="<http://xss.example/xss.css>; REL=stylesheet">
<STYLE>BODY{-moz-binding:url("http://xss.example/xssmoz.xml#xss")}</STYLE>
<STYLE>@im\\port'\\ja\\vasc\\ript:alert("XSS")';</STYLE>
<IMG STYLE="xss:expr/*XSS*/ession(alert('XSS'))">
<p style="background-image: url(javascript:alert(1))">x</p>
<p style="behavior: url(xss.htc)">x</p>
<span style="width: expression(alert(1))">x</span>
<STYLE TYPE="text/javascript">alert('XSS');</STYLE>
<STYLE>.XSS{background-image:url("javascript:alert('XSS')");}</STYLE><A CLASS=XSS></A>
<STYLE type="text/css">BODY{background:url("javascript:alert('XSS')")}</STYLE>
<XSS STYLE="xss:expression(alert('XSS'))">
<XSS STYLE="behavior: url(xss.htc);">
<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">
<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">
<META HTTP-EQUIV="refresh" CONTENT="0; URL=http://;URL=javascript:alert('XSS');">
<IFRAME SRC="javascript:alert('XSS');"></IFRAME>
<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>
<FRAMESET><FRAME SRC="javascript:alert('XSS');"></FRAMESET>
<TABLE BACKGROUND="javascript:alert('XSS')">
<TABLE><TD BACKGROUND="javascript:alert('XSS')">
<DIV STYLE="background-image: url(javascript:alert('XSS'))">
<DIV STYLE="background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029">
<DIV STYLE="background-image: url(&#1;javascript:alert('XSS'))">
<DIV STYLE="width: expression(alert('XSS'));">
<BASE HREF="javascript:alert('XSS');//">
<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.example/scriptlet.html"></OBJECT>
<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" type="image/svg+xml" AllowScriptAccess="always"></EMBED>
<XML ID="xss"><I><B><IMG SRC="javas<!-- -->cript:alert('XSS')"></B></I></XML>
<SPAN DATASRC="#xss" DATAFLD="B" DATAFORMATAS="HTML"></SPAN>
<HTML><BODY><?xml:namespace prefix="t" ns="urn:schemas-microsoft-com:time"><?import namespace="t" implementation="#default#time2"><t:set attributeName="innerHTML" to="XSS<SCRIPT DEFER>alert(&quot;XSS&quot;)</SCRIPT>"></BODY></HTML>
<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->
<!--<script>alert(1)</script>-->
<!-- --!><script>alert(1)</script> -->
<!--><script>alert(1)</script>-->
<![CDATA[<script>alert(1)</script>]]>
<![CDATA[><script>alert(1)</script>]]>
<?xml version="1.0"?><script>alert(1)</script>
<!DOCTYPE html><script>alert(1)</script>
<A HREF="http://66.000146.0x7.147/">XSS</A>
<A HREF="h\ntt\tp://6\t6.000146.0x7.147/">XSS</A>
<A HREF="javascript:document.location='http://www.example.org/'">XSS</A>
<a href="javas&#99;ript:alert(1)">x</a>
<a href="javascript&#x3A;alert(1)">x</a>
<a href="&#x6a;avascript:alert(1)">x</a>
<a href="jAvAsCrIpT&colon;alert&lpar;1&rpar;">x</a>
<a href="%6A%61%76%61%73%63%72%69%70%74:alert(1)">x</a>
<a href="javascript:alert(1)" target="_blank" rel="opener">x</a>
<a href="//example.org" target=_blank>reverse tabnabbing</a>
<a href="http://example.org" onclick="alert(1)">x</a>
<a href="https://example.org/" ping="https://evil.example/">x</a>
<a href="x" style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</a>
<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>
<noscript><style></noscript><img src=x onerror=alert(1)>
<title><img src=x onerror=alert(1)></title>
<textarea><img src=x onerror=alert(1)></textarea>
<textarea></textarea><img src=x onerror=alert(1)></textarea>
<xmp><img src=x onerror=alert(1)></xmp>
<xmp></xmp><img src=x onerror=alert(1)>
<iframe><img src=x onerror=alert(1)></iframe>
<noembed><img src=x onerror=alert(1)></noembed>
<noframes><img src=x onerror=alert(1)></noframes>
<plaintext><img src=x onerror=alert(1)>
<style><img src=x onerror=alert(1)></style>
<style></style><img src=x onerror=alert(1)>
<svg><style><img src=x onerror=alert(1)></style></svg>
<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">
<svg><p><style><a id="</style><img src=1 onerror=alert(1)>"></p></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>
<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">
<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>
<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">
<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>
<svg><script>alert(1)</script></svg>
<svg><script xlink:href="data:,alert(1)"></script></svg>
<svg><animate onbegin=alert(1) attributeName=x dur=1s>
<svg><set attributeName="onmouseover" to="alert(1)"/></svg>
<svg><animate attributeName="href" values="javascript:alert(1)" /><a><text>x</text></a></svg>
<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(1)' /></svg>#x" /></svg>
<svg><image href="x" onerror="alert(1)"/></svg>
<svg xmlns="http://www.w3.org/2000/svg"><handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">alert(1)</handler></svg>
<math href="javascript:alert(1)">CLICKME</math>
<math><maction actiontype="statusline#" xlink:href="javascript:alert(1)">CLICKME</maction></math>
<details open ontoggle=alert(1)>
<video><source onerror="alert(1)"></video>
<audio src onerror=alert(1)>
<body onpageshow=alert(1)>
<marquee onstart=alert(1)>x</marquee>
<input onfocus=alert(1) autofocus>
<select onfocus=alert(1) autofocus>
<keygen onfocus=alert(1) autofocus>
<isindex type=image src=1 onerror=alert(1)>
<isindex action=javascript:alert(1) type=image>
<form><button formaction=javascript:alert(1)>x</button></form>
<form id="test"></form><button form="test" formaction="javascript:alert(1)">X</button>
<input type="hidden" accesskey="X" onclick="alert(1)">
<div draggable="true" ondragstart="alert(1)">x</div>
<p onmouseover="alert(1)">x</p>
<h2 onclick=alert(1)>x</h2>
<blockquote cite="javascript:alert(1)" onclick=alert(1)>x</blockquote>
<figure onmouseenter=alert(1)><img src="https://example.org/x.png" alt=""></figure>
<table onmouseover=alert(1)><tr><td>x</td></tr></table>
<td onmouseover=alert(1)>x</td>
<img src="https://example.org/x.png" alt="x" onerror="alert(1)">
<img src="https://example.org/x.png" srcset="javascript:alert(1) 1x">
<img src="https://example.org/x.png" alt="&quot; onerror=&quot;alert(1)">
<img src="https://example.org/x.png" alt="x`onerror=alert(1)">
<img src=https://example.org/x.png alt=x/onerror=alert(1)>
<p title="&lt;script&gt;alert(1)&lt;/script&gt;">x</p>
<p lang="ru" onclick="alert(1)">x</p>
<a href="tel:alert(1)" onclick="alert(1)">x</a>
<a href="mailto:x@example.org?body=<script>alert(1)</script>">x</a>
<base href="http://evil.example/">
<meta charset="x-imap4-modified-utf7">&ADz&AGn&AG0&AEf&ACA&AHM&AHI&AGO&AD0&AGn&ACA&AG8Abg&AGUAcgByAG8AcgA9AGEAbABlAHIAdAAoADEAKQ&ACAAPABi
+ADw-script+AD4-alert(1)+ADw-/script+AD4-
¼script¾alert(¢XSS¢)¼/script¾
<script>alert(1)</script\x20
<script>alert(1)</script\t>
<scrip\0t>alert(1)</script>
<img\x0csrc=x\x0conerror=alert(1)>
<img\x0bsrc=x onerror=alert(1)>
<img/src=x/onerror=alert(1)>
<img src=x onerror\x0b=alert(1)>
<img src=x on\0error=alert(1)>
<img src=x onerror=alert`1`>
<a href="java\0script:alert(1)">x</a>
<a href="&#x0;javascript:alert(1)">x</a>
<a href="&#0;javascript:alert(1)">x</a>
<a href="\x01javascript:alert(1)">x</a>
<a href="javascript\x3aalert(1)">x</a>
<a href="jav&#x61;script:alert(1)">x</a>
<a href=" &#x20;javascript:alert(1)">x</a>
<a href="https:javascript:alert(1)">x</a>
<a href="javascript:https://example.org/%0Aalert(1)">x</a>
<a href="data:text/html;charset=utf-8,%3Cscript%3Ealert(1)%3C/script%3E">x</a>
<a href="blob:https://example.org/uuid">x</a>
<a href="filesystem:https://example.org/temporary/x.html">x</a>
<a href="ms-its:mhtml:file://C:\foo.mht!http://example.org/x.chm::/x.html">x</a>
<a href="view-source:javascript:alert(1)">x</a>
<img src="x" onerror="eval(atob('YWxlcnQoMSk='))">
<iframe srcdoc="<script>alert(1)</script>"></iframe>
<iframe srcdoc="&lt;img src=x onerror=alert(1)&gt;"></iframe>
<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>
<object classid="clsid:333C7BC4-460F-11D0-BC04-0080C7055A83"><param name="DataURL" value="javascript:alert(1)"></object>
<embed code="http://xss.example/xss.swf" allowscriptaccess=always>
<applet code="javascript:alert(1)"></applet>
<portal src="javascript:alert(1)"></portal>
<template><script>alert(1)</script></template>
<template shadowrootmode="open"><img src=x onerror=alert(1)></template>
<slot onclick=alert(1)>x</slot>
<dialog open onclose=alert(1)>x</dialog>
<x onclick=alert(1)>click</x>
<custom-element onclick="alert(1)">x</custom-element>
<div id="x" tabindex="1" onfocusin="alert(1)">x</div>
<div popover id=p onbeforetoggle=alert(1)>x</div>
<body onhashchange=alert(1)><a href=#x>x</a>
<svg onload=alert(1)//
<svg/onload=alert(1) <!--
<img src=x onerror=alert(1) <!--
<a href=javascript:alert(1)//
"><script>alert(1)</script>
'><script>alert(1)</script>
"><img src=x onerror=alert(1)>
</p><script>alert(1)</script><p>
</figure><script>alert(1)</script>
</table><script>alert(1)</script>
</textarea><script>alert(1)</script>
</title><script>alert(1)</script>
</script><script>alert(1)</script>
</style><script>alert(1)</script>
<p>Текст новости <script>alert("Алчевск")</script> продолжение.</p>
<p>Ссылка: <a href="javascript:alert('Торез')">Торез</a></p>
<figure class="image"><img src="/media/editor/x.jpg" alt="фото" onerror="alert(1)"><figcaption onclick="alert(1)">Подпись</figcaption></figure>
<figure class="image evil"><img src="/media/editor/x.jpg" alt="" style="width:100%"></figure>
<span class="image-inline" onmouseover="alert(1)"><img src="/media/editor/x.jpg" alt=""></span>
<table><caption onclick=alert(1)>x</caption><tr><th scope="col" onclick=alert(1)>x</th></tr></table>
<ol start="1" onclick=alert(1)><li>x</li></ol>
<pre><code class="language-js" onclick=alert(1)>alert(1)</code></pre>
'''


def event_handler_vectors() -> list[str]:
    combinations = itertools.product(EVENT_TAGS, EVENT_HANDLERS, HANDLER_SYNTAXES)
    return [
        syntax.format(tag=tag, handler=handler, upper=handler.upper(), payload=PAYLOAD)
        for tag, handler, syntax in combinations
    ]


def url_vectors() -> list[str]:
    return [
        template.format(url=url)
        for template, url in itertools.product(URL_ATTRIBUTES, SCRIPT_URLS)
    ]


def encoded_vectors() -> list[str]:
    """The same few payloads wrapped in the encodings and contexts filters forget."""
    cores = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=javascript:alert(1)>",
    ]
    wrappers = [
        "{}",
        "<p>{}</p>",
        "<p>text {} text</p>",
        "<h2>{}</h2>",
        "<ul><li>{}</li></ul>",
        "<blockquote>{}</blockquote>",
        '<figure class="image">{}<figcaption>x</figcaption></figure>',
        "<table><tr><td>{}</td></tr></table>",
        '<a href="https://example.org">{}</a>',
        "<div><div><div>{}</div></div></div>",
        "<!-- {} -->",
        "<!--{}",
        "{}<!--",
        '<p title="{}">x</p>',
        "<p title='{}'>x</p>",
        "<p title={}>x</p>",
        "<noscript>{}</noscript>",
        "<template>{}</template>",
        "<svg>{}</svg>",
        "<math>{}</math>",
        "<select><option>{}</option></select>",
        "<textarea>{}</textarea>",
        "<title>{}</title>",
    ]
    return [wrapper.format(core) for core, wrapper in itertools.product(cores, wrappers)]


def corpus() -> list[str]:
    classic = [line for line in CLASSIC.strip("\n").split("\n") if line.strip()]
    seen: dict[str, None] = {}
    for vector in [*classic, *event_handler_vectors(), *url_vectors(), *encoded_vectors()]:
        seen.setdefault(vector, None)
    return list(seen)


ESCAPES = {
    "\\t": "\t",
    "\\n": "\n",
    "\\r": "\r",
    "\\0": "\0",
    "\\x0b": "\x0b",
    "\\x0c": "\x0c",
    "\\x01": "\x01",
    "\\x20": " ",
    "\\x3a": ":",
}


def decode(line: str) -> str:
    """A line of the file back into the vector it stands for."""
    out, index = [], 0
    while index < len(line):
        if line[index] == "\\":
            if line.startswith("\\\\", index):
                out.append("\\")
                index += 2
                continue
            for escape, char in ESCAPES.items():
                if line.startswith(escape, index):
                    out.append(char)
                    index += len(escape)
                    break
            else:
                out.append("\\")
                index += 1
        else:
            out.append(line[index])
            index += 1
    return "".join(out)


def load() -> list[str]:
    lines = VECTORS_FILE.read_text(encoding="utf-8").split("\n")
    return [decode(line) for line in lines if line and not line.startswith("#")]


def write() -> int:
    vectors = corpus()
    header = (
        "# XSS vectors for the rich-text sanitiser; generated by tests/security/xss_corpus.py.\n"
        "# One per line; \\t \\n \\r \\0 \\x0b \\x0c \\x01 stand for those characters.\n"
    )
    VECTORS_FILE.write_text(header + "\n".join(vectors) + "\n", encoding="utf-8")
    return len(vectors)


if __name__ == "__main__":
    print(f"{write()} vectors written to {VECTORS_FILE}")
